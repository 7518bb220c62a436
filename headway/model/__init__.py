"""The vocabulary of Headway: plain, typed, validated plan data. Imports nothing else of Headway."""

from headway.model.calendar import (
    STANDARD_WEEK,
    WEEKDAYS,
    Calendar,
    CalendarException,
    DateRange,
    DayHours,
    HolidaySource,
    TimeRange,
)
from headway.model.duration import ZERO, Duration, TimeUnit, WorkingTimeSettings
from headway.model.history import EstimateRecord
from headway.model.problems import PlanError, Problem, Severity, SourceLocation
from headway.model.project import DEFAULT_CALENDAR_ID, Project
from headway.model.resource import Assignment, Rates, Resource
from headway.model.risk import Correlation, Risk, RiskImpact, RiskStatus
from headway.model.task import Constraint, ConstraintType, DateOrTime, Distribution, Estimate, Link, LinkType, Task
from headway.model.tracking import (
    Baseline,
    BaselineTask,
    Issue,
    IssueSeverity,
    IssueStatus,
    ProgressEntry,
    TimesheetLine,
)
from headway.model.validate import did_you_mean, validate

__all__ = [
    "DEFAULT_CALENDAR_ID",
    "STANDARD_WEEK",
    "WEEKDAYS",
    "ZERO",
    "Assignment",
    "Baseline",
    "BaselineTask",
    "Calendar",
    "CalendarException",
    "Constraint",
    "ConstraintType",
    "Correlation",
    "DateOrTime",
    "DateRange",
    "DayHours",
    "Distribution",
    "Duration",
    "Estimate",
    "EstimateRecord",
    "HolidaySource",
    "Issue",
    "IssueSeverity",
    "IssueStatus",
    "Link",
    "LinkType",
    "PlanError",
    "Problem",
    "ProgressEntry",
    "Project",
    "Rates",
    "Resource",
    "Risk",
    "RiskImpact",
    "RiskStatus",
    "Severity",
    "SourceLocation",
    "Task",
    "TimeRange",
    "TimeUnit",
    "TimesheetLine",
    "WorkingTimeSettings",
    "did_you_mean",
    "validate",
]
