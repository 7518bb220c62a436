"""Catching a kept project up with task edits made by other server processes.

Several ``headway serve`` processes share one database and each keeps the projects it read, by
revision. After another process edits a task, the project kept here is one revision behind and would
be read again in full (about 60 ms for 1,000 staffed tasks). A task PATCH records the task's new
plan-file entry in the audit log, stamped with the revision it made, so the kept project can be
brought up to date by putting that entry in place (under a millisecond), exactly as the editing
process built its own copy. Anything else between the two revisions (another kind of change, an edit
that changed nothing, a gap) means a full read.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from headway.io import plan as plan_file
from headway.model import PlanError, Project
from headway.store.audit import changes_made

MAX_REPLAYED = 32  # more changes than this behind: read the project in full
REPLAYED = ("update", "task")  # what a task PATCH records (the only edit audited with this pair)


def replayed(session: Session, project_id: int, kept: Project, since: int, upto: int) -> Project | None:
    """The project at revision ``upto``, from ``kept`` (the project at revision ``since``) and the
    task edits that made every revision in between; None when those are not all task edits."""
    if not 0 < upto - since <= MAX_REPLAYED:
        return None
    changes = changes_made(session, project_id, since, upto)
    if [c.revision for c in changes] != list(range(since + 1, upto + 1)):
        return None
    project = kept
    for change in changes:
        if (change.action, change.entity) != REPLAYED or not isinstance(change.after, dict):
            return None
        entry = {field: value for field, value in change.after.items() if field != "parent"}
        if entry.get("id") != change.key:
            return None
        try:
            project = plan_file.with_task(project, entry, "replayed edit", validate_plan=False).project
        except (PlanError, ValueError):
            return None
    return project
