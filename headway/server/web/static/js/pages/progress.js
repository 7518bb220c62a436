// The progress update form: pick a leaf task, give percent complete, actual start/finish, remaining
// and the as-of date; POST /projects/{id}/progress (as `headway update`). The server's problems show
// next to their fields; after saving, the task's new state (from the recomputed schedule) is shown.
import { api } from "../api.js";
import { el, fmtDate, fmtDays, isoDay, pct, say } from "../util.js";
import { showProblems } from "./register.js";
import { projectPage } from "./shell.js";

export const FIELDS = [
  { name: "task", label: "Task" },
  { name: "done", label: "Percent complete", placeholder: "60%", words: ["done", "percent"] },
  { name: "actual_start", label: "Actual start", type: "date", words: ["actual start"] },
  { name: "actual_finish", label: "Actual finish", type: "date", words: ["actual finish"] },
  { name: "remaining", label: "Remaining duration", placeholder: "3d", words: ["remaining"] },
  { name: "date", label: "Status date (as of)", type: "date", words: ["date", "status date"] },
  { name: "note", label: "Note", type: "textarea" },
];

function field(f, tasks, statusDate) {
  const attrs = { id: `field-${f.name}`, name: f.name, "aria-describedby": `error-${f.name}` };
  let control;
  if (f.name === "task") {
    control = el("select", { ...attrs, required: true }, el("option", { value: "" }, "Choose a task…"),
      tasks.map((t) => el("option", { value: t.id }, `${t.wbs ? `${t.wbs} ` : ""}${t.name} (${pct(t.percent_complete)})`)));
  } else if (f.type === "textarea") control = el("textarea", { ...attrs, rows: "2" });
  else control = el("input", { ...attrs, type: f.type || "text", placeholder: f.placeholder || null,
    value: f.name === "date" && statusDate ? statusDate : null });
  return el("div", { class: "field" }, el("label", { for: attrs.id }, f.label), control,
    el("p", { class: "field-error error", id: `error-${f.name}`, "aria-live": "polite" }));
}

function standing(task, perDay) {
  if (!task) return el("p", { class: "muted" }, "Choose a task to see where it stands.");
  return el("dl", { class: "facts", id: "task-standing" },
    el("dt", {}, "Done"), el("dd", { "data-field": "percent_complete" }, pct(task.percent_complete)),
    el("dt", {}, "Start"), el("dd", {}, fmtDate(task.start, true)),
    el("dt", {}, "Finish"), el("dd", { "data-field": "finish" }, fmtDate(task.finish, true)),
    el("dt", {}, "Actual start"), el("dd", {}, task.actual_start ? fmtDate(task.actual_start, true) : "—"),
    el("dt", {}, "Actual finish"), el("dd", {}, task.actual_finish ? fmtDate(task.actual_finish, true) : "—"),
    el("dt", {}, "Remaining"), el("dd", {}, fmtDays(task.remaining_minutes, perDay)));
}

export async function render(main, { me, params }) {
  const id = Number(params[0]);
  const found = await projectPage(main, id, me, "/progress", "Progress update");
  if (!found) return null;
  let schedule = (await api(`/projects/${id}/schedule`)).data;
  const leaves = () => schedule.tasks.filter((t) => !t.summary);
  const statusDate = schedule.project.status_date ? schedule.project.status_date.slice(0, 10) : "";
  const info = el("div", { class: "card standing", "aria-live": "polite" });
  if (!found.editable) {
    main.append(el("p", { class: "muted" }, "Read only: your role on this project is viewer, so you cannot record progress."));
  }
  const form = el("form", { class: "card progress-form", id: "progress-form", novalidate: true },
    FIELDS.map((f) => field(f, leaves(), statusDate)),
    el("p", { class: "form-error error", "aria-live": "polite" }),
    found.editable ? el("button", { type: "submit", class: "primary" }, "Record progress") : null,
    el("p", { class: "muted" }, "Give any of percent complete, actual start, actual finish (alone: the task is done) and "
      + "remaining; earlier updates stay as history."));
  if (!found.editable) for (const c of form.querySelectorAll("input, select, textarea")) c.disabled = true;
  const select = form.elements.task;
  const showTask = () => info.replaceChildren(el("h2", {}, "Where it stands"),
    standing(schedule.tasks.find((t) => t.id === select.value), schedule.project.minutes_per_day),
    select.value ? el("p", {}, el("a", { href: `/projects/${id}?task=${encodeURIComponent(select.value)}`, "data-link": true },
      "Show it on the Gantt chart")) : null);
  select.addEventListener("change", showTask);
  const wanted = new URLSearchParams(location.search).get("task");
  if (wanted && leaves().some((t) => t.id === wanted)) select.value = wanted;
  showTask();
  main.append(el("div", { class: "progress-layout" }, form, info));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const node of form.querySelectorAll(".error")) node.textContent = "";
    const body = {};
    for (const f of FIELDS) {
      const value = form.elements[f.name].value.trim();
      if (value) body[f.name] = value;
    }
    if (!body.task) {
      form.querySelector("#error-task").textContent = "Choose a task.";
      select.focus();
      return;
    }
    try {
      await api(`/projects/${id}/progress`, { method: "POST", body });
      schedule = (await api(`/projects/${id}/schedule`)).data;
      const task = schedule.tasks.find((t) => t.id === body.task);
      say(`Recorded progress on “${task ? task.name : body.task}”: now ${task ? pct(task.percent_complete) : "?"} done.`);
      for (const name of ["done", "actual_start", "actual_finish", "remaining", "note"]) form.elements[name].value = "";
      showTask();
      info.dataset.saved = isoDay(Date.now());
    } catch (err) {
      showProblems(form, FIELDS, err);
    }
  });
  return null;
}
