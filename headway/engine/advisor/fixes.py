"""Measure each finding's candidate changes on a what-if copy; keep the ones that help, best first."""

from __future__ import annotations

from dataclasses import replace

from headway.engine.advisor.changes import AddPerson, Change, ChangeError, Cut, FastTrack, MoveDeadline, Reassign, Split
from headway.engine.advisor.findings import Context, Finding, Fix, severity_rank
from headway.engine.advisor.measure import Comparison, compare

MAX_MEASURED = 12  # distinct changes re-scheduled per run (each is a full leveling of the plan)
FIXES_SHOWN = 3  # fixes kept per finding


def measure_fixes(ctx: Context, findings: list[Finding], *, max_measured: int = MAX_MEASURED,
                  p80_iterations: int | None = None) -> tuple[list[Finding], int]:
    """``findings`` with their candidates measured (taking turns, most severe findings first; each
    distinct change re-scheduled once, at most ``max_measured`` of them), and how many were."""
    results: dict[str, Comparison | str] = {}
    for change in _in_turn(findings):
        if len(results) >= max_measured:
            break
        if change.text in results:
            continue
        try:
            results[change.text] = compare(ctx.project, [change], base=ctx.base, p80_iterations=p80_iterations)
        except ChangeError as err:
            results[change.text] = str(err)
    return [_with_fixes(ctx, finding, results) for finding in findings], len(results)


def _in_turn(findings: list[Finding]) -> list[Change]:
    """Candidates taking turns: each finding's first (most severe findings first), then each one's
    second…, so a limited budget reaches every finding before it goes deep on one."""
    order = sorted(findings, key=lambda f: severity_rank(f.severity))
    depth = max((len(f.candidates) for f in findings), default=0)
    return [f.candidates[k] for k in range(depth) for f in order if k < len(f.candidates)]


def _with_fixes(ctx: Context, finding: Finding, results: dict[str, Comparison | str]) -> Finding:
    if not finding.candidates:
        return finding
    measured = [(c, results[c.text]) for c in finding.candidates if c.text in results]
    fixes = [_fix(ctx, finding, change, outcome) for change, outcome in measured if not isinstance(outcome, str)]
    helping = sorted((f for f in fixes if f.helps), key=_rank)[:FIXES_SHOWN]
    if helping:
        return replace(finding, fixes=tuple(helping))
    if not measured:
        why = "fixes were not measured (the limit on re-scheduled changes was reached)"
    else:
        tried = ", ".join(f"'{c.text}'" for c, _ in measured[:4])
        why = f"re-scheduling showed no gain from the changes tried ({tried})"
        if len(measured) < len(finding.candidates):
            why += f"; {len(finding.candidates) - len(measured)} more not measured (limit on re-scheduled changes)"
    return replace(finding, no_fix=why)


# at equal gain, the cheaper decision first: moving work before hiring, hiring before cutting scope
PREFERENCE = (Reassign, Split, FastTrack, MoveDeadline, AddPerson, Cut)


def _rank(fix: Fix) -> tuple[int, int, bool, int, str]:
    kind = next((i for i, t in enumerate(PREFERENCE) if isinstance(fix.change, t)), len(PREFERENCE))
    return (-fix.gain_minutes, -(fix.target_gain_minutes or 0), not fix.resolves, kind, fix.text)


def _fix(ctx: Context, finding: Finding, change: Change, outcome: Comparison) -> Fix:
    target = finding.entity_ids[0] if finding.code in ("negative_float", "deadline_at_risk") else None
    before, after = outcome.before, outcome.after
    return Fix(change, before.schedule.finish, after.schedule.finish, outcome.gain_minutes, outcome.minutes_per_day,
               target, outcome.task_gain(target) if target is not None else None, before.p80, after.p80,
               outcome.p80_gain_minutes, _resolves(finding, change, outcome),
               _note(change), _finish_name(outcome))


def _finish_name(outcome: Comparison) -> str:
    """The last milestone finishing with the project (``release``), else ``finish``."""
    plan = outcome.before.schedule
    ends = [t.id for t in plan.tasks if t.milestone and t.finish == plan.finish]
    return ends[-1] if ends else "finish"


def _resolves(finding: Finding, change: Change, outcome: Comparison) -> bool:
    tid = finding.entity_ids[0] if finding.entity_ids else None
    if tid is None:
        return False
    if finding.code == "negative_float" and tid in outcome.after.schedule:
        return outcome.after.schedule.task(tid).total_float_minutes >= 0
    if finding.code == "deadline_at_risk" and isinstance(change, MoveDeadline):
        p80 = finding.evidence.get("p80_finish")
        return p80 is not None and change.date.isoformat() >= str(p80)[:10]
    return False


def _note(change: Change) -> str:
    if isinstance(change, MoveDeadline):
        return "moves no work: the deadline is set to a date the plan (or forecast P80) meets"
    return ""
