"""The first tables: projects and their plan and tracking data, users, project roles, the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('start', sa.String(length=40), nullable=False),
    sa.Column('status_date', sa.String(length=40), nullable=True),
    sa.Column('calendar', sa.String(), nullable=True),
    sa.Column('currency', sa.String(), nullable=False),
    sa.Column('timezone', sa.String(), nullable=True),
    sa.Column('hours_per_day', sa.Float(), nullable=False),
    sa.Column('days_per_week', sa.Float(), nullable=False),
    sa.Column('days_per_month', sa.Float(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('budget', sa.Float(), nullable=True),
    sa.Column('uncertainty_low', sa.Float(), nullable=True),
    sa.Column('uncertainty_high', sa.Float(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    op.create_table('users',
    sa.Column('username', sa.String(length=150), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=False),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('password_hash', sa.String(), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created', sa.String(length=40), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('audit_log',
    sa.Column('at', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_key', sa.String(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_audit_log_project_id_projects'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)
    op.create_index(op.f('ix_audit_log_project_id'), 'audit_log', ['project_id'], unique=False)
    op.create_index(op.f('ix_audit_log_user_id'), 'audit_log', ['user_id'], unique=False)
    op.create_table('baselines',
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('saved', sa.String(length=40), nullable=False),
    sa.Column('finish', sa.String(length=40), nullable=True),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_baselines_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_baselines'))
    )
    op.create_index(op.f('ix_baselines_project_id'), 'baselines', ['project_id'], unique=False)
    op.create_table('calendars',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('week', sa.JSON(), nullable=True),
    sa.Column('base', sa.String(), nullable=True),
    sa.Column('holidays', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_calendars_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendars')),
    sa.UniqueConstraint('project_id', 'key', name=op.f('uq_calendars_project_id'))
    )
    op.create_index(op.f('ix_calendars_project_id'), 'calendars', ['project_id'], unique=False)
    op.create_table('correlations',
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.Column('coefficient', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_correlations_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correlations'))
    )
    op.create_index(op.f('ix_correlations_project_id'), 'correlations', ['project_id'], unique=False)
    op.create_table('issues',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.Column('opened', sa.String(length=40), nullable=True),
    sa.Column('due', sa.String(length=40), nullable=True),
    sa.Column('resolved', sa.String(length=40), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_issues_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issues'))
    )
    op.create_index(op.f('ix_issues_project_id'), 'issues', ['project_id'], unique=False)
    op.create_table('progress_entries',
    sa.Column('date', sa.String(length=40), nullable=False),
    sa.Column('task', sa.String(), nullable=False),
    sa.Column('done', sa.Float(), nullable=True),
    sa.Column('remaining', sa.String(length=40), nullable=True),
    sa.Column('actual_start', sa.String(length=40), nullable=True),
    sa.Column('actual_finish', sa.String(length=40), nullable=True),
    sa.Column('actual_cost', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_progress_entries_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_entries'))
    )
    op.create_index(op.f('ix_progress_entries_project_id'), 'progress_entries', ['project_id'], unique=False)
    op.create_table('project_roles',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_roles_project_id_projects'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_project_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_roles')),
    sa.UniqueConstraint('project_id', 'user_id', name=op.f('uq_project_roles_project_id'))
    )
    op.create_index(op.f('ix_project_roles_project_id'), 'project_roles', ['project_id'], unique=False)
    op.create_index(op.f('ix_project_roles_user_id'), 'project_roles', ['user_id'], unique=False)
    op.create_table('resources',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('role', sa.String(), nullable=True),
    sa.Column('units', sa.Float(), nullable=False),
    sa.Column('rate_standard', sa.Float(), nullable=False),
    sa.Column('rate_overtime', sa.Float(), nullable=False),
    sa.Column('rate_per_use', sa.Float(), nullable=False),
    sa.Column('calendar', sa.String(), nullable=True),
    sa.Column('week', sa.JSON(), nullable=True),
    sa.Column('vacations', sa.JSON(), nullable=False),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('source_uid', sa.String(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_resources_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resources')),
    sa.UniqueConstraint('project_id', 'key', name=op.f('uq_resources_project_id'))
    )
    op.create_index(op.f('ix_resources_project_id'), 'resources', ['project_id'], unique=False)
    op.create_table('risks',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('probability', sa.Float(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('mitigation', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_risks_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risks'))
    )
    op.create_index(op.f('ix_risks_project_id'), 'risks', ['project_id'], unique=False)
    op.create_table('tasks',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('duration', sa.String(length=40), nullable=True),
    sa.Column('effort', sa.String(length=40), nullable=True),
    sa.Column('milestone', sa.Boolean(), nullable=False),
    sa.Column('constraint_type', sa.String(length=32), nullable=True),
    sa.Column('constraint_date', sa.String(length=40), nullable=True),
    sa.Column('deadline', sa.String(length=40), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=True),
    sa.Column('budget', sa.Float(), nullable=True),
    sa.Column('level', sa.Boolean(), nullable=False),
    sa.Column('leveling_delay', sa.String(length=40), nullable=True),
    sa.Column('estimate', sa.JSON(), nullable=True),
    sa.Column('calendar', sa.String(), nullable=True),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('source_uid', sa.String(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['tasks.id'], name=op.f('fk_tasks_parent_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_tasks_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks')),
    sa.UniqueConstraint('project_id', 'key', name=op.f('uq_tasks_project_id'))
    )
    op.create_index(op.f('ix_tasks_parent_id'), 'tasks', ['parent_id'], unique=False)
    op.create_index(op.f('ix_tasks_project_id'), 'tasks', ['project_id'], unique=False)
    op.create_table('timesheet_lines',
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('resource', sa.String(), nullable=False),
    sa.Column('task', sa.String(), nullable=False),
    sa.Column('work', sa.String(length=40), nullable=False),
    sa.Column('overtime', sa.String(length=40), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_timesheet_lines_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timesheet_lines'))
    )
    op.create_index(op.f('ix_timesheet_lines_project_id'), 'timesheet_lines', ['project_id'], unique=False)
    op.create_table('assignments',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('resource', sa.String(), nullable=False),
    sa.Column('units', sa.Float(), nullable=True),
    sa.Column('alternatives', sa.JSON(), nullable=False),
    sa.Column('role', sa.String(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_assignments_project_id_projects'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_assignments_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    op.create_index(op.f('ix_assignments_project_id'), 'assignments', ['project_id'], unique=False)
    op.create_index(op.f('ix_assignments_task_id'), 'assignments', ['task_id'], unique=False)
    op.create_table('baseline_tasks',
    sa.Column('baseline_id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(), nullable=False),
    sa.Column('start', sa.String(length=40), nullable=False),
    sa.Column('finish', sa.String(length=40), nullable=False),
    sa.Column('work_minutes', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['baseline_id'], ['baselines.id'], name=op.f('fk_baseline_tasks_baseline_id_baselines'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_baseline_tasks_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_baseline_tasks'))
    )
    op.create_index(op.f('ix_baseline_tasks_baseline_id'), 'baseline_tasks', ['baseline_id'], unique=False)
    op.create_index(op.f('ix_baseline_tasks_project_id'), 'baseline_tasks', ['project_id'], unique=False)
    op.create_table('calendar_exceptions',
    sa.Column('calendar_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('hours', sa.JSON(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['calendar_id'], ['calendars.id'],
                            name=op.f('fk_calendar_exceptions_calendar_id_calendars'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_calendar_exceptions_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_exceptions'))
    )
    op.create_index(op.f('ix_calendar_exceptions_calendar_id'), 'calendar_exceptions', ['calendar_id'], unique=False)
    op.create_index(op.f('ix_calendar_exceptions_project_id'), 'calendar_exceptions', ['project_id'], unique=False)
    op.create_table('links',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=True),
    sa.Column('external_project', sa.String(), nullable=True),
    sa.Column('external_task', sa.String(), nullable=True),
    sa.Column('type', sa.String(length=2), nullable=False),
    sa.Column('lag', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('(predecessor_id IS NULL) <> (external_task IS NULL)', name=op.f('ck_links_one_predecessor')),
    sa.ForeignKeyConstraint(['predecessor_id'], ['tasks.id'], name=op.f('fk_links_predecessor_id_tasks'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_links_project_id_projects'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_links_task_id_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_links'))
    )
    op.create_index(op.f('ix_links_predecessor_id'), 'links', ['predecessor_id'], unique=False)
    op.create_index(op.f('ix_links_project_id'), 'links', ['project_id'], unique=False)
    op.create_index(op.f('ix_links_task_id'), 'links', ['task_id'], unique=False)
    op.create_table('risk_impacts',
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(), nullable=False),
    sa.Column('delay', sa.JSON(), nullable=True),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_risk_impacts_project_id_projects'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_id'], ['risks.id'], name=op.f('fk_risk_impacts_risk_id_risks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_impacts'))
    )
    op.create_index(op.f('ix_risk_impacts_project_id'), 'risk_impacts', ['project_id'], unique=False)
    op.create_index(op.f('ix_risk_impacts_risk_id'), 'risk_impacts', ['risk_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_risk_impacts_risk_id'), table_name='risk_impacts')
    op.drop_index(op.f('ix_risk_impacts_project_id'), table_name='risk_impacts')
    op.drop_table('risk_impacts')
    op.drop_index(op.f('ix_links_task_id'), table_name='links')
    op.drop_index(op.f('ix_links_project_id'), table_name='links')
    op.drop_index(op.f('ix_links_predecessor_id'), table_name='links')
    op.drop_table('links')
    op.drop_index(op.f('ix_calendar_exceptions_project_id'), table_name='calendar_exceptions')
    op.drop_index(op.f('ix_calendar_exceptions_calendar_id'), table_name='calendar_exceptions')
    op.drop_table('calendar_exceptions')
    op.drop_index(op.f('ix_baseline_tasks_project_id'), table_name='baseline_tasks')
    op.drop_index(op.f('ix_baseline_tasks_baseline_id'), table_name='baseline_tasks')
    op.drop_table('baseline_tasks')
    op.drop_index(op.f('ix_assignments_task_id'), table_name='assignments')
    op.drop_index(op.f('ix_assignments_project_id'), table_name='assignments')
    op.drop_table('assignments')
    op.drop_index(op.f('ix_timesheet_lines_project_id'), table_name='timesheet_lines')
    op.drop_table('timesheet_lines')
    op.drop_index(op.f('ix_tasks_project_id'), table_name='tasks')
    op.drop_index(op.f('ix_tasks_parent_id'), table_name='tasks')
    op.drop_table('tasks')
    op.drop_index(op.f('ix_risks_project_id'), table_name='risks')
    op.drop_table('risks')
    op.drop_index(op.f('ix_resources_project_id'), table_name='resources')
    op.drop_table('resources')
    op.drop_index(op.f('ix_project_roles_user_id'), table_name='project_roles')
    op.drop_index(op.f('ix_project_roles_project_id'), table_name='project_roles')
    op.drop_table('project_roles')
    op.drop_index(op.f('ix_progress_entries_project_id'), table_name='progress_entries')
    op.drop_table('progress_entries')
    op.drop_index(op.f('ix_issues_project_id'), table_name='issues')
    op.drop_table('issues')
    op.drop_index(op.f('ix_correlations_project_id'), table_name='correlations')
    op.drop_table('correlations')
    op.drop_index(op.f('ix_calendars_project_id'), table_name='calendars')
    op.drop_table('calendars')
    op.drop_index(op.f('ix_baselines_project_id'), table_name='baselines')
    op.drop_table('baselines')
    op.drop_index(op.f('ix_audit_log_user_id'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_project_id'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_at'), table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_table('users')
    op.drop_table('projects')
