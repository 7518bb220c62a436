// What every project sub-page shares: the project and the caller's role, and the header with the
// project's page links (Gantt, resources, risks, issues, progress, report).
import { api, optional } from "../api.js";
import { el } from "../util.js";

const WRITE_ROLES = new Set(["owner", "editor"]);
export const PROJECT_PAGES = [
  ["", "Gantt"], ["/resources", "Resources"], ["/risks", "Risks"], ["/issues", "Issues"],
  ["/progress", "Progress"], ["/report", "Report"],
];

/** The project (from the caller's list) and the caller's role on it; null when the caller may not see it. */
export async function projectOf(id, me) {
  const { data: projects } = await api("/projects");
  const project = projects.find((p) => p.id === id);
  if (!project) return null;
  let role = project.role || null;
  if (!role) {
    const members = await optional(`/projects/${id}/members`).catch(() => null);
    const mine = Array.isArray(members) ? members.find((m) => m.username === me.username) : null;
    role = mine ? mine.role : null;
  }
  return { project, role, editable: role === null ? true : WRITE_ROLES.has(role) };
}

/** The links to the project's pages, the current one marked (aria-current). */
export function projectNav(id, current) {
  return el("nav", { class: "project-nav", "aria-label": "Project pages" },
    PROJECT_PAGES.map(([suffix, label]) => el("a", {
      href: `/projects/${id}${suffix}`, "data-link": true, "aria-current": suffix === current ? "page" : null,
    }, label)));
}

/** The page head: project name, page title, the project's page links; or "not found" (returns null). */
export async function projectPage(main, id, me, current, title) {
  const found = await projectOf(id, me);
  if (!found) {
    main.append(el("h1", {}, "Project not found"), el("p", {}, "It does not exist, or you have no role on it."));
    return null;
  }
  main.append(el("div", { class: "project-head" },
    el("p", { class: "muted crumb" }, el("a", { href: `/projects/${id}`, "data-link": true }, found.project.name)),
    el("h1", {}, title)), projectNav(id, current));
  return found;
}

/** A short text for a failed request, with the server's field problems. */
export function problemText(err) {
  return err && err.message ? err.message : String(err);
}
