// What the portfolio shows per project, derived from the public API's schedule (and status/forecast when
// those endpoints exist): progress, finish against deadline, forecast P80 and probability, RAG.
import { api, optional } from "./api.js";
import { ms } from "./util.js";

/** Duration-weighted percent complete of the leaf tasks (0..1). */
export function progress(schedule) {
  let done = 0;
  let total = 0;
  for (const t of schedule.tasks) {
    if (t.summary) continue;
    total += t.duration_minutes;
    done += t.duration_minutes * t.percent_complete;
  }
  return total ? done / total : 0;
}

/** The task with the latest deadline (the date the project answers to), or null. */
export function deadline(schedule) {
  const due = schedule.tasks.filter((t) => t.deadline).sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
  return due.length ? due[due.length - 1] : null;
}

export const missedDeadlines = (schedule) =>
  schedule.tasks.filter((t) => t.deadline && t.finish && ms(t.finish) > ms(t.deadline));

/** The forecast figures, from /forecast or a forecast inside /status: {p80, probability} or null. */
export function forecastFigures(status, forecast) {
  const f = (status && status.forecast) || forecast || null;
  if (!f || f.error) return null;
  const p80 = (f.finish && f.finish.p80) || f.p80 || null;
  const odds = (f.deadlines || []).map((d) => d.probability).filter((p) => typeof p === "number");
  return { p80, probability: odds.length ? Math.min(...odds) : null };
}

/** The engine's RAG from /status when the server has it; otherwise a stand-in from the schedule:
 * red when a deadline is missed or the odds of the deadlines are under 50%, amber when the finish slips
 * against the baseline or the odds are under 80%, green otherwise. Each answer comes with its reason. */
export function rag(schedule, status, figures) {
  if (status && ["red", "amber", "green"].includes(status.rag)) {
    const reasons = Array.isArray(status.reasons) ? status.reasons : [];
    return [status.rag, reasons.length ? reasons.join("; ") : "on track"];
  }
  const missed = missedDeadlines(schedule);
  const probability = figures ? figures.probability : null;
  if (missed.length) return ["red", `${missed.length} task(s) finish after their deadline`];
  if (probability !== null && probability < 0.5) return ["red", `${Math.round(probability * 100)}% chance of the deadlines`];
  const slip = status && status.baseline ? status.baseline.finish_slip_days : null;
  if (slip !== null && slip > 0) return ["amber", `finish ${slip} d later than the baseline`];
  if (probability !== null && probability < 0.8) return ["amber", `${Math.round(probability * 100)}% chance of the deadlines`];
  return ["green", "on track"];
}

/** Everything the dashboard needs for one project (optional endpoints answer null when missing). */
export async function summarise(project) {
  const { data: schedule } = await api(`/projects/${project.id}/schedule`);
  const status = await optional(`/projects/${project.id}/status`);
  const forecast = status && status.forecast ? null : await optional(`/projects/${project.id}/forecast`);
  const figures = forecastFigures(status, forecast);
  return { project, schedule, status, figures, progress: progress(schedule), deadline: deadline(schedule),
    rag: rag(schedule, status, figures) };
}
