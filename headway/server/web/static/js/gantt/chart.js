// The virtualised Gantt: one scroller with a sticky task list and timescale; only the rows in view
// (plus a small margin) are in the DOM, so a 2,000-task plan draws as fast as a 20-task one.
import { DAY, dayStart, el, fmtDays, monthName, ms } from "../util.js";
import { Scale, Tree } from "./model.js";
import { arrowPath } from "./arrows.js";
import { attachDrag } from "./drag.js";

export const ROW = 28;
export const HEAD = 44;
const OVERSCAN = 8;
const SVG = "http://www.w3.org/2000/svg";
const MARKERS = ["arrow", "arrow-crit"].map((id) => `<marker id="${id}" viewBox="0 0 6 6" refX="5" refY="3"
  markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L6,3L0,6z"/></marker>`).join("");

export class Gantt {
  constructor(host, options) {
    this.o = options; // {editable, onSelect, onOpen, onMove, onResize, onLink, onHover}
    this.zoom = options.zoom || "week";
    this.active = 0;
    this.scroller = el("div", { class: "gantt", tabindex: "0", role: "treegrid", "aria-label": "Tasks and timeline",
      "aria-readonly": options.editable ? "false" : "true" });
    this.canvas = el("div", { class: "gantt-canvas" });
    this.head = el("div", { class: "gantt-head", "aria-hidden": "true" });
    this.rowsLayer = el("div", { class: "gantt-rows" });
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("class", "gantt-links");
    this.svg.setAttribute("aria-hidden", "true");
    this.line = el("div", { class: "status-line", "aria-hidden": "true", title: "Status date" });
    this.today = el("div", { class: "today-line", "aria-hidden": "true", title: "Today" });
    this.canvas.append(this.head, this.line, this.today, this.svg, this.rowsLayer);
    this.scroller.append(this.canvas);
    host.append(this.scroller);
    this.scroller.addEventListener("scroll", () => this.schedule());
    this.scroller.addEventListener("keydown", (e) => this.key(e));
    this.scroller.addEventListener("click", (e) => this.click(e));
    this.scroller.addEventListener("dblclick", (e) => this.dblclick(e));
    this.scroller.addEventListener("pointerover", (e) => this.hover(e));
    // keyboard focus shows the active task; a click does its own selecting (redrawing on its mousedown
    // would replace the row under the pointer and lose the click)
    this.scroller.addEventListener("pointerdown", () => { this.pressed = true; }, true);
    this.scroller.addEventListener("pointerup", () => { this.pressed = false; }, true);
    this.scroller.addEventListener("focus", () => { if (!this.pressed) this.select(this.active, false); });
    this.resize = new ResizeObserver(() => this.schedule());
    this.resize.observe(this.scroller);
    if (options.editable) attachDrag(this);
  }

  get left() { return parseFloat(getComputedStyle(this.scroller).getPropertyValue("--left")) || 300; }

  /** New data (after a load or an edit): keeps the collapsed rows and the scroll position. */
  setData(schedule, baseline) {
    const collapsed = this.tree ? this.tree.collapsed : null;
    this.data = schedule;
    this.baseline = baseline || new Map();
    this.tree = new Tree(schedule);
    if (collapsed) {
      this.tree.collapsed = new Set([...collapsed].filter((id) => this.tree.byId.has(id)));
      this.tree.flatten();
    }
    this.critical = new Set(schedule.project.critical_path);
    this.linksBy = new Map();
    for (const link of schedule.links) {
      for (const end of [link.predecessor, link.successor]) {
        if (!this.linksBy.has(end)) this.linksBy.set(end, []);
        this.linksBy.get(end).push(link);
      }
    }
    this.setZoom(this.zoom, false);
  }

  setZoom(zoom, keepCentre = true) {
    const centre = this.scale && keepCentre ? this.scale.at(this.scroller.scrollLeft + this.scroller.clientWidth / 2) : null;
    this.zoom = zoom;
    this.scale = new Scale(this.data, zoom, [...this.baseline.values()]);
    this.canvas.style.width = `${this.left + this.scale.width}px`;
    this.canvas.style.height = `${HEAD + this.tree.rows.length * ROW}px`;
    const status = this.data.project.status_date;
    this.line.hidden = !status;
    if (status) this.line.style.left = `${this.left + this.scale.x(ms(status))}px`;
    const now = Date.now() - new Date().getTimezoneOffset() * 60000; // local wall time, as the schedule's dates
    this.today.hidden = now < this.scale.origin || now > this.scale.end;
    this.today.style.left = `${this.left + this.scale.x(now)}px`;
    if (centre !== null) this.scroller.scrollLeft = this.scale.x(centre) - this.scroller.clientWidth / 2 + this.left;
    this.draw();
  }

  /** Scroll the timeline so that ``iso`` (the status date, say) sits a third of the way across. */
  reveal(iso) {
    const view = this.scroller.clientWidth - this.left;
    this.scroller.scrollLeft = Math.max(0, this.scale.x(ms(iso)) - view / 3);
    this.draw();
  }

  relayout() {
    this.canvas.style.height = `${HEAD + this.tree.rows.length * ROW}px`;
    this.active = Math.min(this.active, this.tree.rows.length - 1);
    this.draw();
  }

  schedule() {
    if (this.frame || this.dragging) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  range() {
    const top = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(this.tree.rows.length, Math.ceil((top + this.scroller.clientHeight) / ROW) + OVERSCAN);
    return [first, last];
  }

  draw() {
    if (!this.tree) return;
    const [first, last] = this.range();
    const rows = document.createDocumentFragment();
    for (let i = first; i < last; i += 1) rows.append(this.row(i));
    this.rowsLayer.replaceChildren(rows);
    this.drawLinks(first, last);
    this.drawHead();
    this.scroller.setAttribute("aria-activedescendant", `row-${this.active}`);
    this.scroller.setAttribute("aria-rowcount", String(this.tree.rows.length));
  }

  row(i) {
    const t = this.tree.rows[i];
    const parent = this.tree.hasChildren(t.id);
    const open = parent && !this.tree.collapsed.has(t.id);
    const crit = t.critical && !t.summary;
    const row = el("div", { class: `row${crit ? " critical" : ""}${t.summary ? " summary" : ""}${i === this.active ? " active" : ""}`,
      id: `row-${i}`, role: "row", "data-id": t.id, "aria-level": String(this.tree.depth.get(t.id) + 1),
      "aria-rowindex": String(i + 1), "aria-expanded": parent ? String(open) : null,
      "aria-selected": String(i === this.active), style: `top:${HEAD + i * ROW}px` });
    const toggle = parent
      ? el("button", { type: "button", class: "toggle", tabindex: "-1", "aria-label": `${open ? "Collapse" : "Expand"} ${t.name}`,
        "data-toggle": t.id }, open ? "▾" : "▸")
      : el("span", { class: "toggle" });
    row.append(el("div", { class: "cell-name", role: "gridcell", style: `padding-left:${6 + this.tree.depth.get(t.id) * 14}px` },
      toggle, el("span", { class: "wbs" }, t.wbs), el("span", { class: "name", title: t.name }, t.name)),
    el("div", { class: "cell-dur", role: "gridcell" }, t.milestone ? "◆" : fmtDays(t.duration_minutes, this.data.project.minutes_per_day)));
    const base = this.baseline.get(t.id);
    if (base) {
      const bx = this.scale.x(ms(base.start));
      row.append(el("div", { class: "baseline", style: `left:${this.left + bx}px;width:${Math.max(2, this.scale.x(ms(base.finish)) - bx)}px` }));
    }
    row.append(this.bar(t, crit));
    return row;
  }

  bar(t, crit) {
    const x = this.scale.x(ms(t.start));
    const w = Math.max(t.milestone ? 0 : 3, this.scale.x(ms(t.finish)) - x);
    const kind = t.milestone ? "milestone" : t.summary ? "summary-bar" : "task";
    const label = `${t.name}: ${t.start ? t.start.slice(0, 10) : "?"} to ${t.finish ? t.finish.slice(0, 10) : "?"}`
      + `${crit ? ", critical" : ""}, ${Math.round(t.percent_complete * 100)}% done`;
    const bar = el("div", { class: `bar ${kind}${crit ? " crit" : ""}`, "data-id": t.id, role: "gridcell", "aria-label": label,
      style: `left:${this.left + x}px;width:${w}px` });
    if (!t.milestone) bar.append(el("span", { class: "fill", style: `width:${(t.percent_complete * 100).toFixed(1)}%` }));
    if (this.o.editable && !t.summary) {
      if (!t.milestone) bar.append(el("span", { class: "handle-end", title: "Drag to change the duration" }));
      bar.append(el("span", { class: "handle-link", title: "Drag to another task to link them" }));
    }
    return bar;
  }

  drawLinks(first, last) {
    const top = HEAD + first * ROW;
    const shown = [];
    for (let i = first; i < last; i += 1) {
      for (const link of this.linksBy.get(this.tree.rows[i].id) || []) {
        if (link.predecessor === this.tree.rows[i].id || !this.inRange(link.predecessor, first, last)) shown.push(link);
      }
    }
    const paths = shown.map((link) => this.linkPath(link, top)).filter(Boolean).join("");
    this.svg.style.left = `${this.left}px`;
    this.svg.style.top = `${top}px`;
    this.svg.setAttribute("width", String(this.scale.width));
    this.svg.setAttribute("height", String((last - first) * ROW));
    this.svg.innerHTML = `<defs>${MARKERS}</defs>${paths}`;
  }

  inRange(id, first, last) {
    const i = this.tree.index.get(id);
    return i !== undefined && i >= first && i < last;
  }

  linkPath(link, top) {
    const [a, b] = [this.tree.index.get(link.predecessor), this.tree.index.get(link.successor)];
    if (a === undefined || b === undefined) return "";
    const [p, s] = [this.tree.rows[a], this.tree.rows[b]];
    const fromStart = link.type === "SS" || link.type === "SF";
    const toFinish = link.type === "FF" || link.type === "SF";
    const x1 = this.scale.x(ms(fromStart ? p.start : p.finish));
    const x2 = this.scale.x(ms(toFinish ? s.finish : s.start));
    const y1 = a * ROW + ROW / 2 + HEAD - top;
    const y2 = b * ROW + ROW / 2 + HEAD - top;
    const crit = link.driving && p.critical && s.critical && !p.summary && !s.summary;
    return `<path class="link${crit ? " crit" : ""}" data-link="${link.predecessor}>${link.successor}" d="${arrowPath(x1, y1, x2, y2, fromStart, toFinish)}"/>`;
  }

  drawHead() {
    const { scale } = this;
    const x0 = this.scroller.scrollLeft;
    const from = scale.at(Math.max(0, x0 - 200));
    const to = scale.at(x0 + this.scroller.clientWidth + 200);
    const ticks = [];
    const step = this.zoom === "day" ? 1 : this.zoom === "week" ? 7 : 0;
    const label = (t) => `${monthName(t)} ${new Date(t).getUTCFullYear()}`;
    for (let t = dayStart(from); t <= to; t += DAY) {
      const d = new Date(t);
      if (d.getUTCDate() === 1 || t === dayStart(from)) {
        ticks.push(el("span", { class: "tick top", style: `left:${this.left + scale.x(t)}px` }, label(t)));
      }
      const weekStart = d.getUTCDay() === 1;
      const show = step === 1 || (step === 7 && weekStart) || (step === 0 && d.getUTCDate() === 1);
      if (show) {
        const text = step === 0 ? monthName(t) : String(d.getUTCDate());
        ticks.push(el("span", { class: `tick low${d.getUTCDay() % 6 === 0 ? " weekend" : ""}`,
          style: `left:${this.left + scale.x(t)}px;width:${scale.pxPerDay * (step || 30)}px` }, text));
      }
    }
    this.head.replaceChildren(el("div", { class: "corner" }, el("span", {}, "Task"), el("span", {}, "Duration")), ...ticks);
  }

  taskAt(node) {
    const row = node && node.closest && node.closest(".row");
    return row ? this.tree.byId.get(row.dataset.id) : null;
  }

  select(i, scroll = true) {
    this.active = Math.max(0, Math.min(i, this.tree.rows.length - 1));
    if (scroll) {
      const y = this.active * ROW;
      const view = this.scroller.clientHeight - HEAD;
      if (y < this.scroller.scrollTop) this.scroller.scrollTop = y;
      else if (y + ROW > this.scroller.scrollTop + view) this.scroller.scrollTop = y + ROW - view;
    }
    this.draw();
    const t = this.tree.rows[this.active];
    if (t && this.o.onSelect) this.o.onSelect(t, document.getElementById(`row-${this.active}`));
  }

  key(e) {
    const t = this.tree.rows[this.active];
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW) - 2);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) this.select(this.active + moves[e.key]);
    else if (e.key === "Home") this.select(0);
    else if (e.key === "End") this.select(this.tree.rows.length - 1);
    else if (e.key === "ArrowRight" && t && this.tree.toggle(t.id, true)) this.relayout();
    else if (e.key === "ArrowLeft" && t) {
      if (this.tree.hasChildren(t.id) && !this.tree.collapsed.has(t.id)) { this.tree.toggle(t.id, false); this.relayout(); }
      else if (t.parent) this.select(this.tree.index.get(t.parent));
    } else if (e.key === "Enter" && t) this.o.onOpen(t);
    else return;
    e.preventDefault();
  }

  click(e) {
    if (this.dragged) { this.dragged = false; return; }
    const toggle = e.target.closest("[data-toggle]");
    if (toggle) {
      this.tree.toggle(toggle.dataset.toggle);
      this.relayout();
      return;
    }
    const t = this.taskAt(e.target);
    if (!t) return;
    this.select(this.tree.index.get(t.id), false);
    if (e.target.closest(".cell-name")) this.o.onOpen(t);
  }

  dblclick(e) {
    const t = this.taskAt(e.target);
    if (t && e.target.closest(".bar")) this.o.onOpen(t);
  }

  hover(e) {
    const bar = e.target.closest(".bar");
    if (bar && this.o.onHover && !this.dragging) this.o.onHover(this.tree.byId.get(bar.dataset.id), bar);
  }

  destroy() {
    this.resize.disconnect();
    cancelAnimationFrame(this.frame);
  }
}
