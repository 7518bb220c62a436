// Portfolio dashboard: every project the caller may see, with progress, finish vs deadline, forecast, RAG.
import { api } from "../api.js";
import { summarise } from "../summary.js";
import { el, fmtDate, fmtDeadline, pct } from "../util.js";

const RAG_LABEL = { red: "Red", amber: "Amber", green: "Green" };

function card(s) {
  const [colour, reason] = s.rag;
  const f = s.figures;
  const finish = s.schedule.project.finish;
  return el("li", { class: "card project-card", "data-project": s.project.id },
    el("h2", {}, el("a", { href: `/projects/${s.project.id}`, "data-link": true }, s.project.name)),
    el("span", { class: `rag rag-${colour}`, title: reason }, `${RAG_LABEL[colour]}`,
      el("span", { class: "sr-only" }, `: ${reason}`)),
    el("div", { class: "meter", role: "progressbar", "aria-label": "Progress", "aria-valuemin": "0",
      "aria-valuemax": "100", "aria-valuenow": String(Math.round(s.progress * 100)) },
    el("span", { style: `width:${(s.progress * 100).toFixed(1)}%` })),
    el("dl", { class: "facts" },
      el("dt", {}, "Progress"), el("dd", {}, pct(s.progress)),
      el("dt", {}, "Finish"), el("dd", {}, fmtDate(finish)),
      el("dt", {}, "Deadline"), el("dd", {}, s.deadline ? `${fmtDeadline(s.deadline.deadline)} (${s.deadline.name})` : "none"),
      el("dt", {}, "Forecast P80"), el("dd", {}, f && f.p80 ? fmtDate(f.p80) : "—"),
      el("dt", {}, "Chance of deadlines"), el("dd", {}, f && f.probability !== null ? pct(f.probability) : "—"),
      el("dt", {}, "Tasks"), el("dd", {}, String(s.project.tasks))),
    el("p", { class: "reason" }, reason));
}

export async function render(main) {
  const list = el("ul", { class: "cards", "aria-busy": "true" });
  main.append(el("h1", {}, "Portfolio"), list);
  const { data: projects } = await api("/projects");
  if (!projects.length) {
    list.replaceWith(el("p", {}, "You have no projects yet."));
    return;
  }
  const summaries = await Promise.all(projects.map((p) => summarise(p).catch((err) => ({ project: p, err }))));
  list.removeAttribute("aria-busy");
  list.replaceChildren(...summaries.map((s) => (s.err
    ? el("li", { class: "card" }, el("h2", {}, s.project.name), el("p", { class: "error" }, s.err.message))
    : card(s))));
}
