// What the portfolio shows per project, from the public API's schedule and status: progress, finish
// against deadline, forecast P80 and probability, RAG. Every figure is the engine's; none is recomputed here.
import { api } from "./api.js";

/** The task with the latest deadline (the date the project answers to), or null. */
export function deadline(schedule) {
  const due = schedule.tasks.filter((t) => t.deadline).sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
  return due.length ? due[due.length - 1] : null;
}

/** The forecast inside /status as {p80, probability of the least likely deadline}, or null. */
export function forecastFigures(status) {
  const f = status.forecast;
  if (!f || f.error) return null;
  const p80 = (f.finish && f.finish.p80) || null;
  const odds = (f.deadlines || []).map((d) => d.probability).filter((p) => typeof p === "number");
  return { p80, probability: odds.length ? Math.min(...odds) : null };
}

/** The engine's RAG from /status, with its reasons. */
export function rag(status) {
  const reasons = Array.isArray(status.reasons) ? status.reasons : [];
  return [status.rag, reasons.length ? reasons.join("; ") : "on track"];
}

/** Everything the dashboard needs for one project: the schedule (dates, deadlines) and the engine's
 * status (percent complete, RAG and its reasons, the forecast). */
export async function summarise(project) {
  const [{ data: schedule }, { data: status }] = await Promise.all([
    api(`/projects/${project.id}/schedule`), api(`/projects/${project.id}/status`)]);
  return { project, schedule, status, figures: forecastFigures(status), progress: status.percent_complete / 100,
    deadline: deadline(schedule), rag: rag(status) };
}
