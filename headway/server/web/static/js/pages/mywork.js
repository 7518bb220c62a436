// "My work": the caller's open tasks in every project, critical and soonest first.
import { api } from "../api.js";
import { myWork } from "../mywork.js";
import { el, fmtDate, fmtDays, pct } from "../util.js";

export async function render(main, { me }) {
  main.append(el("h1", {}, "My work"),
    el("p", { class: "lead" }, `Open tasks of ${me.display_name || me.username}, in the order to do them: `
      + "critical first, then the soonest start."));
  const { data: projects } = await api("/projects");
  const schedules = await Promise.all(projects.map(async (project) =>
    ({ project, schedule: (await api(`/projects/${project.id}/schedule`)).data })));
  const rows = myWork(me, schedules);
  if (!rows.length) {
    main.append(el("p", {}, "No open tasks are assigned to you."));
    return;
  }
  const body = rows.map(({ project, task }, i) => {
    const perDay = schedules.find((s) => s.project.id === project.id).schedule.project.minutes_per_day;
    return el("tr", { "data-task": task.id, "data-project": project.id, class: task.critical ? "critical" : "" },
      el("td", {}, String(i + 1)),
      el("td", {}, el("a", { href: `/projects/${project.id}?task=${encodeURIComponent(task.id)}`, "data-link": true },
        task.name)),
      el("td", {}, project.name),
      el("td", {}, fmtDate(task.start)), el("td", {}, fmtDate(task.finish)),
      el("td", {}, task.critical ? "critical" : fmtDays(task.total_float_minutes, perDay)),
      el("td", {}, pct(task.percent_complete)));
  });
  main.append(el("div", { class: "table-wrap" }, el("table", { class: "grid", id: "my-work" },
    el("caption", { class: "sr-only" }, "My open tasks in order"),
    el("thead", {}, el("tr", {}, ...["#", "Task", "Project", "Start", "Finish", "Float", "Done"]
      .map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, body))));
}
