"""JSON Schema (draft 2020-12) of plan files, for editors to validate and complete them."""

from __future__ import annotations

from typing import Any

from headway.model import ConstraintType, LinkType

SCHEMA_ID = "https://headway.dev/schemas/plan.schema.json"
_NUMBER = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
DURATION_PATTERN = rf"^\s*{_NUMBER}\s*(min|mo|em|eh|ed|ew|m|h|d|w)?\s*$"
PERCENT_PATTERN = rf"^\s*{_NUMBER}\s*%\s*$"
HOURS_PATTERN = r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"
ID_PATTERN = r"^[A-Za-z0-9_.-]+$"
TASK_REF_PATTERN = r"^([A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$"


def _obj(title: str, properties: dict[str, Any], required: tuple[str, ...] = (),
         description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "title": title, "properties": properties,
                           "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if description:
        out["description"] = description
    return out


def _ref(name: str, description: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}", "description": description}


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _list(items: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "array", "items": items, "description": description}


def _defs() -> dict[str, Any]:
    constraint_names = sorted({*(ct.value for ct in ConstraintType), *(ct.name for ct in ConstraintType),
                               *(ct.name.lower() for ct in ConstraintType)})
    link_types = [lt.value for lt in LinkType] + [lt.value.lower() for lt in LinkType]
    day = {"description": "Working hours of one day; [] (or false, 'off') for a day off.",
           "anyOf": [{"type": "array", "items": {"$ref": "#/$defs/hours"}},
                     {"$ref": "#/$defs/hours"}, {"const": False}, {"const": "off"}, {"type": "null"}]}
    range_props = {"from": _ref("date", "First day, included."), "to": _ref("date", "Last day, included.")}
    return {
        "id": {"type": ["string", "integer"], "pattern": ID_PATTERN, "title": "Id",
               "description": "Stable id: letters, digits, '_', '.', '-'."},
        "date": {"type": "string", "pattern": DATE_PATTERN, "title": "Date",
                 "description": "YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a local time of day."},
        "duration": {"anyOf": [{"type": "string", "pattern": DURATION_PATTERN}, {"type": "number"}],
                     "title": "Duration",
                     "description": "Amount and unit: m/min, h, d, w, mo working; em, eh, ed, ew elapsed. "
                                    "A bare number is days. Examples: 3d, 2.5h, 5ed, -1d."},
        "percentage": {"anyOf": [{"type": "string", "pattern": PERCENT_PATTERN}, {"type": "number"}],
                       "title": "Percentage", "description": "50% or 0.5."},
        "hours": {"type": "string", "pattern": HOURS_PATTERN, "title": "Working hours",
                  "description": "HH:MM-HH:MM, e.g. 08:00-12:00 (24:00 allowed as an end)."},
        "week": _obj("Week", {**{name: {**day, "title": name} for name in
                                 ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
                              "weekdays": {**day, "title": "Monday to Friday"},
                              "weekend": {**day, "title": "Saturday and Sunday"}},
                     description="Hours per weekday; unlisted days keep the inherited hours."),
        "dateRange": _obj("Date range", range_props, ("from", "to")),
        "holidaySource": {"anyOf": [
            {"type": "string", "description": "ISO 3166 country code, e.g. DE."},
            _obj("Holiday source", {"country": _text("ISO 3166 country code."),
                                    "subdivision": _text("State or province code, e.g. BY.")},
                 ("country",))]},
        "exception": _obj("Calendar exception", {
            "date": _ref("date", "The one day."), **range_props,
            "hours": _list({"$ref": "#/$defs/hours"}, "Working hours that day; none means a day off."),
            "name": _text("What the day is, e.g. Christmas Eve.")},
            description="A day or days whose hours differ from the week: 'date' or 'from'/'to'."),
        "taskRef": {"type": ["string", "integer"], "pattern": TASK_REF_PATTERN, "title": "Task reference",
                    "description": "A task id, or project/task for a task of another plan in a portfolio."},
        "link": {"anyOf": [_ref("taskRef", "Predecessor id: finish-to-start, no lag."), _obj("Link", {
            "task": _ref("taskRef", "Predecessor task id (project/task for another plan's task)."),
            "project": _ref("id", "The other plan's project key (its file name) in a portfolio."),
            "type": {"enum": link_types, "description": "FS, SS, FF or SF (default FS)."},
            "lag": _ref("duration", "Delay after the predecessor; negative is a lead.")}, ("task",))]},
        "assignment": {"anyOf": [_ref("id", "Resource id, at the resource's own max units."), _obj(
            "Assignment", {"resource": _ref("id", "Resource id."),
                           "any_of": _list(_ref("id", "Resource id."), "One of these people; leveling picks who."),
                           "role": _text("Anyone with this role; leveling picks who."),
                           "units": _ref("percentage", "Share of the resource's time, e.g. 50%.")},
            ()) | {"oneOf": [{"required": [key]} for key in ("resource", "any_of", "role")]}]},
        "constraintType": {"enum": constraint_names, "description": "Date constraint type."},
        "constraint": {"anyOf": [{"$ref": "#/$defs/constraintType"}, _obj("Constraint", {
            "type": {"$ref": "#/$defs/constraintType"},
            "date": _ref("date", "The constraint date (not for asap/alap).")}, ("type",))]},
        "estimate": {"anyOf": [
            {"type": "string", "pattern": r"^[^/]+/[^/]+/[^/]+$", "description": "optimistic/likely/pessimistic"},
            _obj("Three-point estimate", {
                **{key: _ref("duration", f"{key.capitalize()} duration.")
                   for key in ("optimistic", "low", "likely", "pessimistic", "high")},
                "distribution": {"enum": ["triangular", "pert", "lognormal"],
                                 "description": "How a forecast samples it (default triangular)."}},
                 ("likely",)) | {"allOf": [{"oneOf": [{"required": ["optimistic"]}, {"required": ["low"]}]},
                                           {"oneOf": [{"required": ["pessimistic"]}, {"required": ["high"]}]}]}]},
        "task": _task(),
    }


def _task() -> dict[str, Any]:
    return _obj("Task", {
        "id": _ref("id", "Stable task id."),
        "name": _text("Task name (default: the id)."),
        "milestone": {"type": "boolean", "description": "A zero-length milestone."},
        "duration": _ref("duration", "Working time the task takes, e.g. 3d."),
        "effort": _ref("duration", "Work spread over the assigned resources, e.g. 5d."),
        "after": {"anyOf": [_list({"$ref": "#/$defs/link"}, "Predecessors."), {"$ref": "#/$defs/link"}],
                  "description": "Predecessors: ids or {task, type, lag}."},
        "assign": {"anyOf": [_list({"$ref": "#/$defs/assignment"}, "Assigned resources."),
                             {"$ref": "#/$defs/assignment"}],
                   "description": "Resources: ids or {resource, units}."},
        "constraint": _ref("constraint", "Date constraint, e.g. {type: start-no-earlier-than, date: …}."),
        "deadline": _ref("date", "Date the task should finish by (reported, not enforced)."),
        "priority": {"type": "integer", "minimum": 0, "maximum": 1000,
                     "description": "Leveling priority 0..1000 (default 500)."},
        "level": {"type": "boolean", "description": "false: leveling never moves this task (default true)."},
        "leveling_delay": _ref("duration", "Extra delay leveling adds after the task's early start."),
        "estimate": _ref("estimate", "Three-point estimate for forecasting."),
        "calendar": _ref("id", "Calendar id for this task."),
        "owner": _text("Who answers for the task."),
        "tags": _list({"type": "string"}, "Free labels."),
        "notes": _text("Free text."),
        "source_uid": _text("The id the tool it was imported from gave it (MS Project UID, P6 activity id)."),
        "cost": {"type": "number", "minimum": 0,
                 "description": "Fixed cost in the project currency, accrued evenly over the task's working time."},
        "budget": {"type": "number", "minimum": 0, "description": "Budget at completion of this task or summary."},
        "tasks": _list({"$ref": "#/$defs/task"}, "Subtasks: this task becomes a summary."),
    }, ("id",), "One entry of the work breakdown.")


def _progress() -> dict[str, Any]:
    return _obj("Progress entry", {
        "date": _ref("date", "When this was known (a date alone means the end of that day)."),
        "task": _ref("id", "Task id."),
        "done": _ref("percentage", "Percent complete, 0% to 100%."),
        "remaining": _ref("duration", "Remaining duration (wins over 'done' for scheduling)."),
        "actual_start": _ref("date", "When work really started."),
        "actual_finish": _ref("date", "When work really finished."),
        "actual_cost": {"type": "number", "minimum": 0, "description": "Actual cost to date."},
        "note": _text("Free text."),
    }, ("date", "task"), "Where a task stood on a date.")


def _timesheet() -> dict[str, Any]:
    return _obj("Timesheet line", {
        "date": _ref("date", "The day worked."),
        "resource": _ref("id", "Resource id."),
        "task": _ref("id", "Task id."),
        "work": _ref("duration", "Work done that day, e.g. 6h."),
        "overtime": _ref("duration", "Overtime work that day, paid at the overtime rate."),
    }, ("date", "resource", "task", "work"), "Actual work of one person on one task on one day.")


def _baseline() -> dict[str, Any]:
    task = _obj("Baseline task", {
        "start": _ref("date", "Start as saved."), "finish": _ref("date", "Finish as saved."),
        "duration_minutes": {"type": "integer", "description": "Working minutes of its duration."},
        "work_minutes": {"type": "integer", "description": "Working minutes of its work."},
        "cost": {"type": "number", "description": "Planned cost as saved."},
    }, ("start", "finish"))
    return _obj("Baseline", {
        "name": _text("Baseline name, unique in the plan."),
        "saved": _ref("date", "When it was saved."),
        "finish": _ref("date", "Project finish as saved."),
        "cost": {"type": "number", "description": "Project cost as saved."},
        "tasks": {"type": "object", "additionalProperties": task, "description": "Task id -> its saved figures."},
    }, ("name", "saved"), "A named snapshot of the schedule (headway baseline save).")


def _issue() -> dict[str, Any]:
    return _obj("Issue", {
        "id": _ref("id", "Issue id."), "title": _text("What the issue is."),
        "severity": {"enum": ["low", "medium", "high", "blocker"],
                     "description": "A blocker holds its tasks until it is resolved (default medium)."},
        "status": {"enum": ["open", "resolved", "closed"], "description": "Default open."},
        "owner": _text("Who resolves it."),
        "tasks": _list(_ref("id", "Task id."), "Affected tasks."),
        "opened": _ref("date", "When it was raised."),
        "due": _ref("date", "Expected resolution date: an open blocker holds its tasks until then."),
        "resolved": _ref("date", "When it was resolved."),
        "resolution": _text("How it was resolved."),
    }, ("id", "title"), "An entry of the issue log.")


def _risk() -> dict[str, Any]:
    impact = _obj("Risk impact", {
        "task": _ref("id", "The leaf task it delays or costs."),
        "delay": {"anyOf": [_ref("duration", "Fixed delay."), _ref("estimate", "Three-point delay.")],
                  "description": "Added to the task's duration when the risk fires."},
        "cost": {"type": "number", "minimum": 0, "description": "Cost when the risk fires, in the project currency."},
    }, ("task",), "What the risk does to one task.")
    return _obj("Risk", {
        "id": _ref("id", "Risk id."), "title": _text("What could happen."),
        "owner": _text("Who watches it."),
        "probability": _ref("percentage", "Chance it happens, 0% to 100%."),
        "impacts": _list(impact, "Tasks it delays or costs when it fires."),
        "mitigation": _text("What is done about it."),
        "status": {"enum": ["open", "closed"], "description": "Only open risks fire in a forecast (default open)."},
    }, ("id", "title", "probability"), "An entry of the risk register.")


def _objective() -> dict[str, Any]:
    criterion = _obj("Success criterion", {
        "metric": _text("What is measured."),
        "target": {"type": ["string", "number"], "description": "The value that counts as success, e.g. '>= 500'."},
        "milestone": _ref("id", "Task (usually a milestone) by whose finish the target is due."),
        "met": {"type": "boolean", "description": "The team's judgement; leave out until it is judged."},
    }, ("metric", "target"), "A measurable test of the objective.")
    return _obj("Objective", {
        "id": _ref("id", "Objective id."), "title": _text("What the project must achieve."),
        "description": _text("Why it matters, in more words."),
        "owner": _ref("id", "A resource or stakeholder id: who answers for it."),
        "deliverables": _list(_ref("id", "Task id."), "Milestones or summary tasks that deliver it."),
        "criteria": _list(criterion, "How success is judged."),
    }, ("id", "title"), "What the project is for, stated so it can be checked.")


def _stakeholder() -> dict[str, Any]:
    level = {"enum": ["low", "medium", "high"]}
    return _obj("Stakeholder", {
        "id": _ref("id", "Stakeholder id."), "name": _text("Person or group."),
        "role": _text("Part in the project: sponsor, customer, team lead…"),
        "organisation": _text("Where they work."),
        "interest": level | {"description": "How much the project's outcome matters to them (default medium)."},
        "influence": level | {"description": "How much they can change the project (default medium)."},
        "report": {"enum": ["summary", "full", "none"],
                   "description": "Which status report they get: executive summary or full detail (default full)."},
        "cadence": {"enum": ["daily", "weekly", "biweekly", "monthly", "milestones"],
                    "description": "How often they get it (default weekly)."},
        "email": _text("E-mail address."),
        "resource": _ref("id", "The resource this person is on the team, if any."),
        "consulted": _list(_ref("id", "Task id."), "Tasks they are consulted on (RACI C)."),
        "informed": _list(_ref("id", "Task id."), "Tasks they are kept informed of (RACI I)."),
        "notes": _text("Free text."),
    }, ("id", "name"), "An entry of the stakeholder register.")


def _statements(description: str) -> dict[str, Any]:
    return {"anyOf": [_list({"type": "string"}, "One statement per entry."), {"type": "string"}],
            "description": description}


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file (a fresh dict on every call)."""
    project = _obj("Project", {
        "name": _text("Project name."),
        "start": _ref("date", "Earliest date work may begin."),
        "status_date": _ref("date", "Date progress is known up to."),
        "calendar": _ref("id", "Project calendar id (default Mon–Fri 08:00–12:00, 13:00–17:00)."),
        "currency": _text("ISO 4217 currency code (default USD)."),
        "timezone": _text("IANA time zone, e.g. Europe/Berlin."),
        "hours_per_day": {"type": "number", "exclusiveMinimum": 0, "description": "Length of 1d (default 8)."},
        "days_per_week": {"type": "number", "exclusiveMinimum": 0, "description": "Length of 1w (default 5)."},
        "days_per_month": {"type": "number", "exclusiveMinimum": 0,
                           "description": "Length of 1mo (default 20)."},
        "description": _text("Free text."),
        "priority": {"type": "integer", "minimum": 0, "maximum": 1000,
                     "description": "Portfolio priority 0..1000 (default 500): higher projects get people first."},
        "budget": {"type": "number", "minimum": 0, "description": "The project's budget in its currency."},
        "default_uncertainty": {"type": "array", "items": _ref("percentage", "Fraction of the duration."),
                                "minItems": 2, "maxItems": 2,
                                "description": "[low, high], e.g. [-10%, +30%]: forecast range of tasks without "
                                               "an estimate (triangular around the planned duration)."},
    }, ("name", "start"))
    calendar = _obj("Calendar", {
        "id": _ref("id", "Calendar id."),
        "name": _text("Display name."),
        "base": _ref("id", "Calendar to inherit the week, holidays and exceptions from."),
        "week": {"$ref": "#/$defs/week"},
        "holidays": {"anyOf": [{"$ref": "#/$defs/holidaySource"},
                               _list({"$ref": "#/$defs/holidaySource"}, "Several sources.")],
                     "description": "Public holidays: DE, {country: DE, subdivision: BY} or a list."},
        "exceptions": _list({"$ref": "#/$defs/exception"}, "Days off or changed hours."),
    }, ("id",))
    rates = _obj("Rates", {key: {"type": "number", "description": f"{key.replace('_', ' ')} rate."}
                           for key in ("standard", "overtime", "per_use")})
    resource = _obj("Resource", {
        "id": _ref("id", "Resource id."),
        "name": _text("Full name."),
        "role": _text("Role or skill."),
        "units": _ref("percentage", "Maximum load (default 100%)."),
        "rate": {"type": "number", "description": "Standard hourly rate."},
        "rates": rates,
        "calendar": _ref("id", "Calendar id (default: the project's)."),
        "week": {"$ref": "#/$defs/week"},
        "vacations": _list({"anyOf": [{"$ref": "#/$defs/date"}, {"$ref": "#/$defs/dateRange"}]},
                           "Days off: dates or {from, to}."),
        "email": _text("E-mail address."),
        "source_uid": _text("The id the tool it was imported from gave it."),
        "tags": _list({"type": "string"}, "Free labels."),
    }, ("id",))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Headway plan",
        "description": "A project plan: settings, calendars, resources and the task tree.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "description": "Schema URL for editors; ignored by Headway."},
            "project": project,
            "calendars": _list(calendar, "Working calendars."),
            "resources": _list(resource, "People and other resources."),
            "tasks": _list({"$ref": "#/$defs/task"}, "The work breakdown, in order."),
            "progress": _list(_progress(), "Dated progress entries; the latest on or before the status date counts."),
            "timesheets": _list(_timesheet(), "Actual work per resource, task and day."),
            "baselines": _list(_baseline(), "Saved baselines: dates, work and cost per task."),
            "issues": _list(_issue(), "The issue log."),
            "risks": _list(_risk(), "The risk register."),
            "objectives": _list(_objective(), "Objectives with measurable success criteria."),
            "stakeholders": _list(_stakeholder(), "The stakeholder register."),
            "scope": _statements("What the project delivers."),
            "out_of_scope": _statements("What the project deliberately does not deliver."),
            "assumptions": _statements("What the plan takes for granted."),
            "correlations": _list(_obj("Correlation", {
                "tasks": _list(_ref("id", "A task (a summary stands for its subtasks)."), "Tasks that err together."),
                "coefficient": {"type": "number", "minimum": 0, "exclusiveMaximum": 1,
                                "description": "How strongly their durations move together, 0 ≤ ρ < 1."},
            }, ("tasks", "coefficient"), "Tasks whose durations err together in a forecast."),
                "Groups of correlated tasks for the forecast."),
        },
        "required": ["project"],
        "additionalProperties": False,
        "$defs": _defs(),
    }
