"""Objectives and their success criteria, the stakeholder register, and the project's scope,
out-of-scope and assumption statements (one row each, in ``project_statements``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('objectives',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(), nullable=True),
    sa.Column('deliverables', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_objectives_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objectives'))
    )
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objectives_project_id'), ['project_id'], unique=False)

    op.create_table('project_statements',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_statements_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_statements'))
    )
    with op.batch_alter_table('project_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_statements_project_id'), ['project_id'], unique=False)

    op.create_table('stakeholders',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('organisation', sa.Text(), nullable=False),
    sa.Column('interest', sa.String(length=16), nullable=False),
    sa.Column('influence', sa.String(length=16), nullable=False),
    sa.Column('report', sa.String(length=16), nullable=False),
    sa.Column('cadence', sa.String(length=16), nullable=False),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('resource', sa.String(), nullable=True),
    sa.Column('consulted', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('informed', sa.JSON(none_as_null=True), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_stakeholders_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholders'))
    )
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholders_project_id'), ['project_id'], unique=False)

    op.create_table('success_criteria',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.Text(), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('milestone', sa.String(), nullable=True),
    sa.Column('met', sa.Boolean(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['objectives.id'],
                            name=op.f('fk_success_criteria_objective_id_objectives'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_success_criteria_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_success_criteria'))
    )
    with op.batch_alter_table('success_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_success_criteria_objective_id'), ['objective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_success_criteria_project_id'), ['project_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('success_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_success_criteria_project_id'))
        batch_op.drop_index(batch_op.f('ix_success_criteria_objective_id'))

    op.drop_table('success_criteria')
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholders_project_id'))

    op.drop_table('stakeholders')
    with op.batch_alter_table('project_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_statements_project_id'))

    op.drop_table('project_statements')
    with op.batch_alter_table('objectives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objectives_project_id'))

    op.drop_table('objectives')
