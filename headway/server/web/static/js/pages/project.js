// The project page: toolbar, the interactive Gantt, the task panel and the tooltip.
import { api, optional } from "../api.js";
import { Editor } from "../gantt/edits.js";
import { Gantt } from "../gantt/chart.js";
import { weekdaysBetween, ZOOMS } from "../gantt/model.js";
import { Panel } from "../gantt/panel.js";
import { Tooltip } from "../gantt/tooltip.js";
import { dayStart, el, fmtDate, isoDay, ms, say } from "../util.js";
import { projectNav } from "./shell.js";

const WRITE_ROLES = new Set(["owner", "editor"]);

/** The caller's role: from the project list when it says, else the members list, else null (unknown). */
async function roleOf(project, me) {
  if (project.role) return project.role;
  const members = await optional(`/projects/${project.id}/members`).catch(() => null);
  const mine = Array.isArray(members) ? members.find((m) => m.username === me.username) : null;
  return mine ? mine.role : null;
}

/** The latest baseline as Map(task id -> {start, finish}), when the API offers baselines. */
async function latestBaseline(id) {
  const list = await optional(`/projects/${id}/baselines`).catch(() => null);
  if (!Array.isArray(list) || !list.length) return new Map();
  const last = list[list.length - 1];
  const one = last.tasks && typeof last.tasks === "object" ? last : await optional(`/projects/${id}/baselines/${encodeURIComponent(last.name)}`);
  const tasks = (one && one.tasks) || {};
  const rows = Array.isArray(tasks) ? tasks.map((t) => [t.id || t.task, t]) : Object.entries(tasks);
  return new Map(rows.filter(([, t]) => t && t.start && t.finish));
}

function p80Map(forecast) {
  const rows = forecast ? [...(forecast.deadlines || []), ...(forecast.milestones || [])] : [];
  return new Map(rows.filter((r) => r.p80).map((r) => [r.task, r.p80]));
}

export async function render(main, { me, params }) {
  const id = Number(params[0]);
  const { data: projects } = await api("/projects");
  const project = projects.find((p) => p.id === id);
  if (!project) {
    main.append(el("h1", {}, "Project not found"), el("p", {}, "It does not exist, or you have no role on it."));
    return null;
  }
  const [scheduleRes, role, baseline] = await Promise.all([api(`/projects/${id}/schedule?resources=false`), roleOf(project, me),
    latestBaseline(id)]);
  let schedule = scheduleRes.data;
  const editable = role === null ? true : WRITE_ROLES.has(role);
  const perDay = () => schedule.project.minutes_per_day;
  let p80 = new Map();

  const tooltip = new Tooltip(id);
  const info = { get perDay() { return perDay(); }, baseline, get p80() { return p80; } };
  const reload = async (message, kind = "info") => {
    schedule = (await api(`/projects/${id}/schedule?resources=false`)).data; // the chart needs no load table
    tooltip.forget();
    tooltip.hide();
    gantt.setData(schedule, baseline);
    summary.textContent = summaryText();
    undoButton && (undoButton.disabled = !editor.stack.length);
    if (message) say(message, kind);
  };
  const editor = new Editor(id, {
    onChanged: (message) => reload(message),
    onStale: (message) => reload(message, "error"),
    onError: (err) => { say(err.message, "error"); if (err.status === 403) lockEditing(); return reload(); },
  });
  const gantt = new Gantt(el("div"), {
    editable,
    zoom: "week",
    onSelect: (task, row) => tooltip.show(task, row && (row.querySelector(".bar") || row), info),
    onOpen: (task) => openPanel(task),
    onHover: (task, bar) => tooltip.show(task, bar, info),
    onGrab: (task) => editor.prefetch(task.id),
    onMove: (task, start) => editor.change(task.id,
      { constraint: { type: "start-no-earlier-than", date: isoDay(start) } },
      `moved “${task.name}” to start no earlier than ${fmtDate(isoDay(start))}`),
    onResize: (task, days) => editor.change(task.id, (entry) => resized(task, entry, days),
      `changed the length of “${task.name}”`),
    onLink: (pred, succ) => editor.change(succ.id, (entry) => ({ after: [...afterList(entry.after), pred.id] }),
      `linked “${pred.name}” → “${succ.name}”`),
  });
  const panel = new Panel(main, {
    editable,
    onSave: (task, changes) => editor.change(task.id, changes, `edited “${task.name}”`),
    onClose: () => gantt.scroller.focus(),
  });

  function resized(task, entry, days) {
    const oldDays = task.duration_minutes / perDay();
    const finish = dayStart(ms(task.finish));
    const newDays = Math.max(0.5, oldDays + weekdaysBetween(finish, finish + days * 86400000));
    if (entry.effort && !entry.duration) {
      const hours = (task.work_minutes / 60) * (newDays / oldDays);
      return { effort: `${Math.round(hours * 10) / 10}h` };
    }
    return { duration: `${Math.round(newDays * 10) / 10}d` };
  }

  async function openPanel(task) {
    try {
      const { entry } = await editor.entry(task.id);
      panel.open(task, entry);
    } catch (err) {
      say(err.message, "error");
    }
  }

  const summaryText = () => `${schedule.tasks.length} tasks · ${fmtDate(schedule.project.start)} → `
    + `${fmtDate(schedule.project.finish)}${schedule.project.status_date ? ` · status date ${fmtDate(schedule.project.status_date)}` : ""}`;
  const summary = el("p", { class: "muted", id: "project-summary" }, summaryText());
  const zoom = el("div", { class: "segmented", role: "group", "aria-label": "Zoom" },
    Object.keys(ZOOMS).map((z) => el("button", { type: "button", "data-zoom": z, "aria-pressed": String(z === "week"),
      onclick: (e) => {
        for (const b of zoom.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b === e.currentTarget));
        gantt.setZoom(z);
      } }, z[0].toUpperCase() + z.slice(1))));
  const undoButton = editable ? el("button", { type: "button", id: "undo", disabled: true, title: "Undo (Ctrl+Z)",
    onclick: () => editor.undo() }, "Undo") : null;
  const toolbar = el("div", { class: "toolbar" }, zoom,
    el("button", { type: "button", onclick: () => { gantt.tree.setAll(true); gantt.relayout(); } }, "Expand all"),
    el("button", { type: "button", onclick: () => { gantt.tree.setAll(false); gantt.relayout(); } }, "Collapse all"),
    undoButton,
    el("span", { class: "muted hint" }, editable
      ? "Drag a bar to move it, its end to resize, its dot onto another bar to link. Enter or click a name to edit."
      : "Read only: your role on this project is viewer."));
  const forecastLine = el("p", { class: "muted", id: "forecast-line" });
  main.append(el("div", { class: "project-head with-nav" }, el("h1", {}, project.name), summary, forecastLine,
    projectNav(id, "")), toolbar);
  main.append(gantt.scroller.parentNode);
  gantt.scroller.parentNode.className = "gantt-host";
  gantt.setData(schedule, baseline);
  gantt.reveal(schedule.project.status_date || schedule.project.start);

  function lockEditing() {
    undoButton?.remove();
  }

  const onKey = (e) => {
    if (!editable || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== "z" || e.shiftKey) return;
    if (e.target.closest("input, textarea")) return;
    e.preventDefault();
    editor.undo();
  };
  document.addEventListener("keydown", onKey);
  const focusTask = new URLSearchParams(location.search).get("task");
  if (focusTask && gantt.tree.index.has(focusTask)) gantt.select(gantt.tree.index.get(focusTask));
  gantt.scroller.addEventListener("pointerleave", () => tooltip.hide());
  gantt.scroller.addEventListener("blur", () => tooltip.hide());

  optional(`/projects/${id}/forecast`).then((forecast) => {
    if (!forecast) return;
    p80 = p80Map(forecast);
    if (forecast.finish && forecast.finish.p80) forecastLine.textContent = `Forecast finish P80 ${fmtDate(forecast.finish.p80)}`;
  }).catch(() => {});

  return () => {
    document.removeEventListener("keydown", onKey);
    gantt.destroy();
    tooltip.destroy();
  };
}

function afterList(after) {
  if (after === undefined || after === null) return [];
  return Array.isArray(after) ? after : [after];
}
