// Resource load: people × weeks from GET /usage, over-allocation marked by colour and by a ▲ and a
// striped pattern (never colour alone); planned or leveled; names stay in view when scrolling sideways.
import { api, offers } from "../api.js";
import { el, say } from "../util.js";
import { projectPage } from "./shell.js";

const hours = (minutes) => `${Math.round(minutes / 6) / 10} h`;
const percent = (load) => `${Math.round(load * 100)}%`;

/** The band of a period's load: the cell's class (over-allocation is its own band). */
export function band(load) {
  if (load > 1.0001) return "over";
  if (load <= 0) return "l0";
  if (load < 0.5) return "l1";
  if (load < 0.9) return "l2";
  return "l3";
}

function cell(u) {
  const over = band(u.load) === "over";
  const tasks = u.tasks.length ? `: ${u.tasks.join(", ")}` : "";
  return el("td", { class: `load ${band(u.load)}`, "data-period": u.period, "data-load": String(u.load),
    title: `${u.period}: ${hours(u.work_minutes)} of ${hours(u.available_minutes)}${tasks}` },
  over ? el("span", { "aria-hidden": "true" }, "▲ ") : null,
  u.load > 0 ? percent(u.load) : "·",
  over ? el("span", { class: "sr-only" }, " over-allocated") : null);
}

function table(usage) {
  const periods = usage.resources.length ? usage.resources[0].usage.map((u) => u.period) : [];
  return el("div", { class: "table-wrap heat-wrap", tabindex: "0", role: "region", "aria-label": "Load per person and period" },
    el("table", { class: "data heat", id: "resource-load" },
      el("caption", { class: "sr-only" }, `Load per person and ${usage.by}, from ${usage.from} to ${usage.to}`),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", class: "person" }, "Person"),
        el("th", { scope: "col" }, "Total"), el("th", { scope: "col" }, "Peak"),
        periods.map((p) => el("th", { scope: "col", class: "period" }, p.replace(/^\d{4}-/, ""))))),
      el("tbody", {}, usage.resources.map((r) => el("tr", { "data-resource": r.id, class: r.over_allocated ? "over-row" : "" },
        el("th", { scope: "row", class: "person" }, r.name || r.id,
          r.over_allocated ? el("span", { class: "badge over-badge" }, "over-allocated") : null),
        el("td", { class: "total", "data-minutes": String(r.work_minutes) }, hours(r.work_minutes)),
        el("td", { class: "peak" }, `${percent(r.peak_load)}${r.peak_at ? ` (${r.peak_at.replace(/^\d{4}-/, "")})` : ""}`),
        r.usage.map(cell))))));
}

const legend = () => el("p", { class: "legend muted" }, "Load of each person's available time: ",
  ["l1", "l2", "l3"].map((b, i) => el("span", { class: `swatch load ${b}` }, ["under 50%", "50–90%", "90–100%"][i])),
  el("span", { class: "swatch load over" }, "▲ over 100% (over-allocated)"));

export async function render(main, { me, params }) {
  const id = Number(params[0]);
  const found = await projectPage(main, id, me, "/resources", "Resource load");
  if (!found) return null;
  const mode = new URLSearchParams(location.search).get("leveled") === "true" ? "leveled" : "planned";
  const canLevel = await offers(`/projects/${id}/leveled`);
  const host = el("div", { id: "resources-body", "aria-live": "polite" });
  const summary = el("p", { class: "muted", id: "resources-summary" });
  const toggle = canLevel ? el("div", { class: "segmented", role: "group", "aria-label": "Schedule" },
    ["planned", "leveled"].map((m) => el("button", { type: "button", "data-mode": m, "aria-pressed": String(m === mode),
      onclick: () => show(m) }, m === "planned" ? "Planned" : "Leveled"))) : null;
  main.append(el("div", { class: "toolbar" }, toggle, summary), legend(), host);

  async function show(m) {
    if (toggle) for (const b of toggle.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.mode === m));
    host.setAttribute("aria-busy", "true");
    try {
      const { data } = await api(`/projects/${id}/usage?by=week${m === "leveled" ? "&leveled=true" : ""}`);
      const over = data.resources.filter((r) => r.over_allocated);
      summary.textContent = `${data.resources.length} people, ${data.from} to ${data.to}, ${m} schedule · `
        + (over.length ? `${over.length} over-allocated: ${over.map((r) => r.name || r.id).join(", ")}` : "nobody over-allocated");
      host.replaceChildren(data.resources.length ? table(data) : el("p", {}, "Nobody is assigned to tasks in this plan."));
      host.dataset.mode = m;
    } catch (err) {
      say(err.message, "error");
      host.replaceChildren(el("p", { class: "error" }, err.message));
    }
    host.removeAttribute("aria-busy");
  }
  await show(mode);
  return null;
}
