// The hover/focus card of a task: dates, float, what drives its start (and the why chain when the API
// has it), baseline and forecast P80.
import { optional } from "../api.js";
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
    document.body.append(this.box);
  }

  show(task, anchor, { perDay, baseline, p80 }) {
    if (!task || !anchor) return this.hide();
    const base = baseline && baseline.get(task.id);
    const why = el("dd", { class: "why" }, driverText(task.driver));
    this.box.replaceChildren(el("strong", {}, task.name), el("dl", {},
      el("dt", {}, "Start"), el("dd", {}, fmtDate(task.start, true)),
      el("dt", {}, "Finish"), el("dd", {}, fmtDate(task.finish, true)),
      el("dt", {}, "Duration"), el("dd", {}, fmtDays(task.duration_minutes, perDay)),
      el("dt", {}, "Total float"), el("dd", {}, task.critical ? `${fmtDays(task.total_float_minutes, perDay)} (critical)`
        : fmtDays(task.total_float_minutes, perDay)),
      el("dt", {}, "Done"), el("dd", {}, pct(task.percent_complete)),
      task.deadline && [el("dt", {}, "Deadline"), el("dd", {}, fmtDeadline(task.deadline))],
      base && [el("dt", {}, "Baseline"), el("dd", {}, `${fmtDate(base.start)} – ${fmtDate(base.finish)}`)],
      p80 && p80.get(task.id) && [el("dt", {}, "Forecast P80"), el("dd", {}, fmtDate(p80.get(task.id)))],
      el("dt", {}, "Driven by"), why));
    const r = anchor.getBoundingClientRect();
    this.box.hidden = false;
    const w = this.box.offsetWidth;
    const h = this.box.offsetHeight;
    this.box.style.left = `${Math.max(4, Math.min(r.left, innerWidth - w - 8))}px`;
    this.box.style.top = `${r.bottom + h + 8 < innerHeight ? r.bottom + 6 : Math.max(4, r.top - h - 6)}px`;
    this.loadWhy(task, why);
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

  forget() { this.why.clear(); }
  hide() { this.box.hidden = true; }
  destroy() { this.box.remove(); }
}
