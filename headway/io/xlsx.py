"""Excel workbooks (.xlsx): ``write`` a schedule for people, ``read`` a task list into a plan.

The Tasks sheet is the same table as ``headway.io.task_csv``; see ``headway.io.task_table``.
"""

from __future__ import annotations

from headway.io.xlsx_read import read
from headway.io.xlsx_write import write

__all__ = ["read", "write"]
