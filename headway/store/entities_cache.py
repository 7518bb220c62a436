"""Projects read from the store, kept by ``(project id, revision)`` so an edit need not read the whole
project again. Safe with many app processes: every change bumps the revision in its transaction, so a
kept project is only ever used for the revision it was read at."""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy.orm import Session

from headway.model import Project
from headway.store.repository import StoreError, get_project, project_revision


class ProjectCache:
    """A small LRU of read projects, one per app (passed in, never module-global)."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, int], Project] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, project_id: int, revision: int) -> Project | None:
        with self._lock:
            project = self._items.get((project_id, revision))
            if project is not None:
                self._items.move_to_end((project_id, revision))
            return project

    def put(self, project_id: int, revision: int, project: Project) -> None:
        """Keep ``project`` as revision ``revision`` (call only once that revision is committed)."""
        with self._lock:
            self._items[(project_id, revision)] = project
            self._items.move_to_end((project_id, revision))
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def newest(self, project_id: int, below: int) -> tuple[int, Project] | None:
        """The newest kept revision of the project before revision ``below``, with the project."""
        with self._lock:
            kept = [(revision, project) for (pid, revision), project in self._items.items()
                    if pid == project_id and revision < below]
        return max(kept, key=lambda item: item[0], default=None)

    def load(self, session: Session, project_id: int, revision: int) -> Project:
        """The project as committed at ``revision``, when that revision is not kept: read in full (a
        subclass may rebuild it from a kept revision and the changes since)."""
        del revision
        return get_project(session, project_id)

    def drop(self, project_id: int) -> None:
        """Forget every revision of a deleted project (SQLite may give its id to the next project)."""
        with self._lock:
            for key in [k for k in self._items if k[0] == project_id]:
                del self._items[key]

    def read(self, session: Session, project_id: int) -> tuple[Project, int]:
        """The project and its revision, from the cache when that revision is kept. The revision is
        read before and after the rows, so a change committed in between is never kept under it."""
        revision = project_revision(session, project_id)
        if revision is None:
            raise StoreError(f"no project {project_id}")
        project = self.get(project_id, revision)
        if project is None:
            project = self.load(session, project_id, revision)
            if project_revision(session, project_id) == revision:
                self.put(project_id, revision, project)
        return project, revision

    def locked(self, session: Session, project_id: int, revision: int) -> Project:
        """The project as committed at ``revision``, in a transaction that holds the project's lock
        (it bumped the revision past ``revision``): nobody can change it meanwhile."""
        project = self.get(project_id, revision)
        if project is None:
            project = self.load(session, project_id, revision)
            self.put(project_id, revision, project)
        return project
