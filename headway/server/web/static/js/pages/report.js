// The status report: RAG with its reasons, progress, milestones against the baseline, the forecast
// (P50/P80, deadline odds), earned value, top risks and open issues. Every figure is the engine's,
// from /status, /evm and /forecast (and the risk and issue lists); the page only lays them out.
import { api, optional } from "../api.js";
import { el, fmtDate, pct } from "../util.js";
import { probabilityOf } from "./risks.js";
import { projectPage } from "./shell.js";

const RAG_LABEL = { red: "Red", amber: "Amber", green: "Green" };
const num = (x, digits = 2) => (x === null || x === undefined ? "—" : Number(x).toFixed(digits));
const money = (x, currency) => (x === null || x === undefined ? "—" : `${Math.round(x).toLocaleString("en")} ${currency || ""}`.trim());
const days = (d) => (d === null || d === undefined ? "—" : `${d > 0 ? "+" : ""}${Math.round(d * 10) / 10} d`);

function section(id, title, ...body) {
  return el("section", { class: "card report-section", id, "aria-labelledby": `${id}-title` },
    el("h2", { id: `${id}-title` }, title), ...body);
}

function table(id, head, rows, empty) {
  if (!rows.length) return el("p", { class: "muted", id }, empty);
  return el("div", { class: "table-wrap" }, el("table", { class: "data", id },
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c)))))));
}

function headline(status) {
  const reasons = Array.isArray(status.reasons) && status.reasons.length ? status.reasons : ["on track"];
  return section("report-rag", "Status",
    el("p", { class: "rag-line" }, el("span", { class: `rag-badge rag-${status.rag}`, id: "report-rag-value" }, RAG_LABEL[status.rag] || status.rag),
      ` ${Math.round(status.percent_complete * 10) / 10}% complete · finish ${fmtDate(status.finish)}`
      + (status.status_date ? ` · status date ${fmtDate(status.status_date)}` : "")),
    el("ul", { id: "report-reasons" }, reasons.map((r) => el("li", {}, r))),
    el("div", { class: "meter", role: "progressbar", "aria-label": "Percent complete", "aria-valuemin": "0", "aria-valuemax": "100",
      "aria-valuenow": String(Math.round(status.percent_complete)) }, el("span", { style: `width:${status.percent_complete}%` })));
}

function milestones(status, forecast) {
  const odds = new Map(((forecast && forecast.milestones) || []).map((m) => [m.task, m]));
  const rows = (status.milestones || []).map((m) => [m.name || m.id, fmtDate(m.baseline_finish), fmtDate(m.finish),
    days(m.slip_days), odds.has(m.id) ? pct(odds.get(m.id).probability) : "—"]);
  return section("report-milestones", `Milestones${status.baseline ? ` against baseline “${status.baseline.name}”` : ""}`,
    table("milestones-table", ["Milestone", "Baseline", "Now", "Slip", "Chance by baseline"], rows, "No milestones."));
}

function outlook(status) {
  const f = status.forecast;
  if (!f || f.error) return section("report-forecast", "Forecast", el("p", { class: "muted" }, f && f.error ? f.error : "No forecast."));
  const rows = (f.deadlines || []).map((d) => [d.name || d.task, fmtDate(d.deadline.slice(0, 10)),
    fmtDate(d.p50), fmtDate(d.p80), pct(d.probability)]);
  return section("report-forecast", "Forecast",
    el("dl", { class: "facts" }, el("dt", {}, "Finish P50"), el("dd", { id: "forecast-p50" }, fmtDate(f.finish && f.finish.p50)),
      el("dt", {}, "Finish P80"), el("dd", { id: "forecast-p80" }, fmtDate(f.finish && f.finish.p80)),
      el("dt", {}, "Iterations"), el("dd", {}, String(f.iterations))),
    table("deadlines-table", ["Deadline of", "Due", "P50", "P80", "Chance"], rows, "No deadlines."));
}

function earnedValue(evm, err) {
  if (!evm) return section("report-evm", "Earned value", el("p", { class: "muted" }, err || "Not available."));
  return section("report-evm", "Earned value",
    el("dl", { class: "facts", id: "evm-facts" },
      el("dt", {}, "SPI"), el("dd", { "data-key": "spi" }, num(evm.spi)),
      el("dt", {}, "CPI"), el("dd", { "data-key": "cpi" }, num(evm.cpi)),
      el("dt", {}, "SPI(t)"), el("dd", { "data-key": "spi_t" }, num(evm.spi_t)),
      el("dt", {}, "EAC"), el("dd", { "data-key": "eac_cpi" }, money(evm.eac_cpi, evm.currency)),
      el("dt", {}, "BAC"), el("dd", {}, money(evm.bac, evm.currency)),
      el("dt", {}, "EV / PV / AC"), el("dd", {}, [evm.ev, evm.pv, evm.ac].map((x) => money(x, "")).join(" / "))));
}

/** Open risks, the ones moving the forecast's P80 most first, then the likeliest. */
export function topRisks(risks, status, count = 5) {
  const effect = new Map(((status.forecast && status.forecast.risks) || []).map((r) => [r.id, r.p80_delta_days || 0]));
  return risks.filter((r) => (r.status || "open") === "open")
    .sort((a, b) => (effect.get(b.id) || 0) - (effect.get(a.id) || 0) || probabilityOf(b.probability) - probabilityOf(a.probability))
    .slice(0, count).map((r) => ({ risk: r, effect: effect.get(r.id) }));
}

export async function render(main, { me, params }) {
  const id = Number(params[0]);
  const found = await projectPage(main, id, me, "/report", "Status report");
  if (!found) return null;
  const [status, evmResult, forecast, risks, issues] = await Promise.all([
    api(`/projects/${id}/status`).then((r) => r.data),
    api(`/projects/${id}/evm`).then((r) => [r.data, null], (err) => [null, err.message]),
    optional(`/projects/${id}/forecast`).catch(() => null),
    api(`/projects/${id}/risks?limit=1000`).then((r) => r.data),
    api(`/projects/${id}/issues?status=open&limit=1000`).then((r) => r.data)]);
  main.append(el("div", { class: "toolbar no-print" }, el("button", { type: "button", onclick: () => window.print() }, "Print")),
    el("div", { class: "report", id: "report" },
      headline(status), outlook(status), milestones(status, forecast), earnedValue(...evmResult),
      section("report-risks", "Top risks", table("risks-table", ["Risk", "Probability", "P80 effect", "Owner"],
        topRisks(risks, status).map(({ risk, effect }) => [`${risk.id} ${risk.title}`, pct(probabilityOf(risk.probability)),
          effect === undefined ? "—" : days(effect), risk.owner || "—"]), "No open risks.")),
      section("report-issues", "Open issues", table("issues-table", ["Issue", "Severity", "Owner", "Due"],
        issues.map((i) => [`${i.id} ${i.title}`, i.severity || "medium", i.owner || "—", i.due ? fmtDate(String(i.due)) : "—"]),
        "No open issues."))));
  return null;
}
