// The hover/focus card of a task: dates, float, what drives its start (and the why chain when the API
// has it), baseline and forecast P80 finish. Every task's P80 comes from GET /forecast?tasks=true,
// fetched on the first hover and kept until forget() (the page calls it when the project changes).
import { offers, optional } from "../api.js";
import { el, fmtDate, fmtDays, fmtDeadline, pct } from "../util.js";

export function driverText(driver) {
  if (!driver) return "the project start";
  const lag = driver.lag && driver.lag !== "0d" ? ` + ${driver.lag}` : "";
  switch (driver.kind) {
    case "link": return `${driver.link_type || "FS"} link from “${driver.predecessor}”${lag}`;
    case "constraint": return `constraint ${driver.constraint || ""}`.trim();
    case "actual_start": return "its actual start";
    case "project_start": return "the project start";
    default: return driver.kind.replace(/_/g, " ") + (driver.predecessor ? ` (${driver.predecessor})` : "");
  }
}

export class Tooltip {
  constructor(projectId) {
    this.projectId = projectId;
    this.box = el("div", { class: "tooltip", role: "tooltip", id: "gantt-tooltip", hidden: true });
    this.why = new Map();
    this.forecast = null; // Promise of Map(task id -> P80 finish), or of null without the endpoint
    this.loaded = undefined; // what it resolved to
    document.body.append(this.box);
  }

  show(task, anchor, { perDay, baseline, p80 }) {
    if (!task || !anchor) return this.hide();
    const base = baseline && baseline.get(task.id);
    const why = el("dd", { class: "why" }, driverText(task.driver));
    const p80cell = el("dd", { class: "p80" }, "forecast loading…");
    const forecastCell = [el("dt", {}, "Forecast"), p80cell];
    this.box.replaceChildren(el("strong", {}, task.name), el("dl", {},
      el("dt", {}, "Start"), el("dd", {}, fmtDate(task.start, true)),
      el("dt", {}, "Finish"), el("dd", {}, fmtDate(task.finish, true)),
      el("dt", {}, "Duration"), el("dd", {}, fmtDays(task.duration_minutes, perDay)),
      el("dt", {}, "Total float"), el("dd", {}, task.critical ? `${fmtDays(task.total_float_minutes, perDay)} (critical)`
        : fmtDays(task.total_float_minutes, perDay)),
      el("dt", {}, "Done"), el("dd", {}, pct(task.percent_complete)),
      task.deadline && [el("dt", {}, "Deadline"), el("dd", {}, fmtDeadline(task.deadline))],
      base && [el("dt", {}, "Baseline"), el("dd", {}, `${fmtDate(base.start)} – ${fmtDate(base.finish)}`)],
      forecastCell,
      el("dt", {}, "Driven by"), why));
    const r = anchor.getBoundingClientRect();
    this.box.hidden = false;
    const w = this.box.offsetWidth;
    const h = this.box.offsetHeight;
    this.box.style.left = `${Math.max(4, Math.min(r.left, innerWidth - w - 8))}px`;
    this.box.style.top = `${r.bottom + h + 8 < innerHeight ? r.bottom + 6 : Math.max(4, r.top - h - 6)}px`;
    this.loadWhy(task, why);
    this.loadP80(task, p80cell, p80);
  }

  /** The task's P80 finish, from the per-task forecast (one request per project revision). */
  async loadP80(task, target, known) {
    if (!this.forecast) {
      const path = `/projects/${this.projectId}/forecast`;
      this.forecast = offers(path).then((yes) => (yes ? optional(`${path}?tasks=true`) : null))
        .then((f) => (f ? new Map((f.tasks || []).filter((t) => t.p80).map((t) => [t.id, t.p80])) : null))
        .catch(() => null);
    }
    const pending = this.forecast;
    const tasks = this.loaded !== undefined ? this.loaded : await pending;
    if (pending === this.forecast) this.loaded = tasks; // not if forgotten meanwhile
    if (!target.isConnected) return;
    const p80 = (tasks && tasks.get(task.id)) || (known && known.get(task.id));
    target.textContent = p80 ? `P80 finish: ${fmtDate(p80)}` : tasks ? "—" : "no forecast";
  }

  async loadWhy(task, target) {
    if (!this.why.has(task.id)) {
      this.why.set(task.id, optional(`/projects/${this.projectId}/tasks/${encodeURIComponent(task.id)}/why`)
        .catch(() => null));
    }
    const data = await this.why.get(task.id);
    if (data && Array.isArray(data.steps) && data.steps.length && target.isConnected) {
      target.replaceChildren(el("ol", {}, data.steps.slice(0, 5).map((s) => el("li", {}, `${s.task}: ${s.reason}`))));
    }
  }

  forget() { this.why.clear(); this.forecast = null; this.loaded = undefined; }
  hide() { this.box.hidden = true; }
  destroy() { this.box.remove(); }
}
