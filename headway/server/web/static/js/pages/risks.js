// The risk register: filtered table, the probability × impact matrix, and (owners, editors) editing.
import { el } from "../util.js";
import { renderRegister } from "./register.js";
import { projectPage } from "./shell.js";

const UNIT_DAYS = { m: 1 / 480, h: 1 / 8, d: 1, ed: 1, w: 5, ew: 7, mo: 20, emo: 30 };

/** A probability as 0..1 from "30%" or 0.3. */
export function probabilityOf(value) {
  if (typeof value === "number") return value;
  const s = String(value || "").trim();
  return s.endsWith("%") ? Number(s.slice(0, -1)) / 100 : Number(s) || 0;
}

/** Days of a delay: "5d", or the likely value of "2d/5d/10d"; 0 when none. */
export function delayDays(delay) {
  if (!delay) return 0;
  if (typeof delay === "object") return delayDays(delay.most_likely || delay.likely || "");
  const parts = String(delay).split("/");
  const one = (parts.length === 3 ? parts[1] : parts[0]).trim();
  const m = one.match(/^(\d+(?:\.\d+)?)\s*([a-z]+)$/);
  return m ? Number(m[1]) * (UNIT_DAYS[m[2]] ?? 1) : 0;
}

/** A risk's impact: its largest likely delay in days over its impacts. */
export const impactDays = (risk) => Math.max(0, ...(risk.impacts || []).map((i) => delayDays(i.delay)));
export const probabilityBand = (p) => (p >= 0.5 ? 2 : p >= 0.2 ? 1 : 0);
export const impactBand = (days) => (days > 5 ? 2 : days >= 2 ? 1 : 0);
const BANDS = ["Low", "Medium", "High"];

/** "task delay [cost]" per line, the impacts' text form. */
export function impactsText(impacts) {
  return (impacts || []).map((i) => [i.task, i.delay || "", i.cost ? String(i.cost) : ""].join(" ").trim()).join("\n");
}

export function parseImpacts(textValue) {
  return textValue.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const [task, delay, cost] = line.split(/\s+/);
    const out = { task };
    if (delay && /^[0-9.]+$/.test(delay) && cost === undefined) out.cost = Number(delay);
    else if (delay) out.delay = delay;
    if (cost !== undefined) out.cost = Number(cost);
    return out;
  });
}

/** The probability × impact matrix of the open risks shown: ids in each cell, the level in words. */
function matrix(risks) {
  const open = risks.filter((r) => (r.status || "open") === "open");
  const cells = [0, 1, 2].map(() => [[], [], []]);
  for (const r of open) cells[probabilityBand(probabilityOf(r.probability))][impactBand(impactDays(r))].push(r.id);
  const level = (p, i) => (p + i >= 3 ? "high" : p + i >= 2 ? "medium" : "low");
  return el("figure", { class: "risk-matrix-box" },
    el("table", { class: "risk-matrix", id: "risk-matrix" },
      el("caption", {}, `Open risks by probability and impact (${open.length})`),
      el("thead", {}, el("tr", {}, el("td", {}), BANDS.map((b) => el("th", { scope: "col" }, `${b} impact`)))),
      el("tbody", {}, [2, 1, 0].map((p) => el("tr", {}, el("th", { scope: "row" }, `${BANDS[p]} probability`),
        [0, 1, 2].map((i) => el("td", { class: `cell-${level(p, i)}`, "data-probability": BANDS[p].toLowerCase(),
          "data-impact": BANDS[i].toLowerCase() },
        el("span", { class: "sr-only" }, `${level(p, i)} exposure: `),
        cells[p][i].length ? cells[p][i].join(", ") : el("span", { "aria-label": "none" }, "–"))))))),
    el("figcaption", { class: "muted" }, "Probability: low < 20% ≤ medium < 50% ≤ high. Impact: the largest likely "
      + "delay, low < 2 d ≤ medium ≤ 5 d < high."));
}

export async function render(main, { me, params }) {
  const id = Number(params[0]);
  const found = await projectPage(main, id, me, "/risks", "Risk register");
  if (!found) return null;
  const status = (r) => r.status || "open";
  await renderRegister(main, id, found, {
    kind: "risks", entity: "risk", key: "id", title: "Risks", status,
    closing: () => ({ status: "closed" }),
    extra: matrix,
    filters: [
      { name: "status", label: "Status", options: ["open", "closed"], initial: "open", value: status },
      { name: "level", label: "Probability", options: ["low", "medium", "high"],
        value: (r) => BANDS[probabilityBand(probabilityOf(r.probability))].toLowerCase() },
    ],
    columns: [
      { name: "id", label: "Id" }, { name: "title", label: "Risk" },
      { name: "probability", label: "Probability", render: (r) => `${Math.round(probabilityOf(r.probability) * 100)}%` },
      { name: "impacts", label: "Impact", render: (r) => (r.impacts || []).map((i) => `${i.task}${i.delay ? ` +${i.delay}` : ""}`
        + `${i.cost ? ` (${i.cost})` : ""}`).join("; ") || "—" },
      { name: "owner", label: "Owner" }, { name: "mitigation", label: "Mitigation" },
      { name: "status", label: "Status", render: status },
    ],
    fields: [
      { name: "id", label: "Id", required: true, placeholder: "R-4" },
      { name: "title", label: "Title", required: true, words: ["risk title"] },
      { name: "probability", label: "Probability", placeholder: "30%", words: ["risk probability"],
        show: (v) => (v === undefined || v === null ? "" : String(v)) },
      { name: "impacts", label: "Impacts (one per line: task delay [cost])", type: "textarea", words: ["impact", "task"],
        show: impactsText, parse: parseImpacts },
      { name: "owner", label: "Owner", words: ["owner"] },
      { name: "mitigation", label: "Mitigation", type: "textarea" },
      { name: "status", label: "Status", options: ["open", "closed"] },
    ],
  });
  return null;
}
