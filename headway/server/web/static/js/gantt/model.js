// The Gantt's data: the WBS tree flattened to the visible rows, and the time scale.
import { DAY, dayStart, ms } from "../util.js";

export const ZOOMS = { day: 40, week: 14, month: 4 }; // pixels per calendar day

/** Tasks in plan order with depth and children, and the flat list of rows under expanded parents. */
export class Tree {
  constructor(schedule) {
    this.tasks = schedule.tasks;
    this.byId = new Map(this.tasks.map((t) => [t.id, t]));
    this.children = new Map();
    this.depth = new Map();
    for (const t of this.tasks) {
      const key = t.parent ?? "";
      if (!this.children.has(key)) this.children.set(key, []);
      this.children.get(key).push(t);
      this.depth.set(t.id, t.parent ? this.depth.get(t.parent) + 1 : 0);
    }
    this.collapsed = new Set();
    this.rows = [];
    this.index = new Map();
    this.flatten();
  }

  flatten() {
    const rows = [];
    const walk = (key) => {
      for (const t of this.children.get(key) || []) {
        rows.push(t);
        if (!this.collapsed.has(t.id)) walk(t.id);
      }
    };
    walk("");
    this.rows = rows;
    this.index = new Map(rows.map((t, i) => [t.id, i]));
  }

  hasChildren(id) { return (this.children.get(id) || []).length > 0; }

  toggle(id, open = this.collapsed.has(id)) {
    if (!this.hasChildren(id)) return false;
    if (open) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.flatten();
    return true;
  }

  setAll(open) {
    this.collapsed = open ? new Set() : new Set(this.tasks.filter((t) => this.hasChildren(t.id)).map((t) => t.id));
    this.flatten();
  }
}

/** Calendar days to pixels: x = (t - origin) / DAY * pxPerDay. */
export class Scale {
  constructor(schedule, zoom, extra = []) {
    const starts = schedule.tasks.map((t) => ms(t.start)).concat(extra.map((e) => ms(e.start)));
    const finishes = schedule.tasks.map((t) => ms(t.finish)).concat(extra.map((e) => ms(e.finish)));
    const first = Math.min(ms(schedule.project.start), ...starts.filter(Number.isFinite));
    const last = Math.max(ms(schedule.project.finish), ...finishes.filter(Number.isFinite));
    const monday = dayStart(first) - (((new Date(first).getUTCDay() + 6) % 7) * DAY);
    this.origin = monday - 7 * DAY;
    this.end = dayStart(last) + 35 * DAY;
    this.zoom = zoom;
    this.pxPerDay = ZOOMS[zoom];
  }

  x(t) { return ((t - this.origin) / DAY) * this.pxPerDay; }
  at(x) { return this.origin + (x / this.pxPerDay) * DAY; }
  get width() { return Math.ceil(this.x(this.end)); }
}

/** Mon–Fri days between two day starts: positive when b is later (the weekend is not working time). */
export function weekdaysBetween(a, b) {
  const sign = b >= a ? 1 : -1;
  let count = 0;
  for (let t = Math.min(a, b) + DAY; t <= Math.max(a, b); t += DAY) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) count += 1;
  }
  return sign * count;
}
