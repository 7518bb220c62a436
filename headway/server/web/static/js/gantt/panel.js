// The task side panel: the task's plan entry as a form (name, duration, effort, deadline, a
// start-no-earlier-than date, predecessors, notes). It is also the keyboard way to move and link tasks.
import { el } from "../util.js";

const text = (key) => ({ read: (e) => (e[key] === undefined || e[key] === null ? "" : String(e[key])),
  write: (v) => [key, v === "" ? null : v] });
const SNET = new Set(["start-no-earlier-than", "snet"]);
const afterList = (after) => (after === undefined || after === null ? [] : Array.isArray(after) ? after : [after]);

const FIELDS = [
  ["name", "Name", "text", text("name")],
  ["duration", "Duration (e.g. 5d, 3h)", "text", text("duration")],
  ["effort", "Effort (e.g. 10d)", "text", text("effort")],
  ["deadline", "Deadline", "date", { read: (e) => (e.deadline ? String(e.deadline).slice(0, 10) : ""),
    write: (v) => ["deadline", v || null] }],
  ["snet", "Start no earlier than", "date", {
    read: (e) => (e.constraint && SNET.has(String(e.constraint.type).toLowerCase()) ? String(e.constraint.date).slice(0, 10) : ""),
    write: (v) => ["constraint", v ? { type: "start-no-earlier-than", date: v } : null],
    fixed: (e) => e.constraint && !(typeof e.constraint === "object" && SNET.has(String(e.constraint.type).toLowerCase())) }],
  ["after", "Predecessors (task ids, comma-separated)", "text", {
    read: (e) => afterList(e.after).map((a) => (typeof a === "string" ? a : a.task)).join(", "),
    write: (v) => ["after", v.trim() ? v.split(/[\s,]+/).filter(Boolean) : null],
    fixed: (e) => afterList(e.after).some((a) => typeof a !== "string") }],  // typed links: edit the plan
  ["notes", "Notes", "textarea", text("notes")],
];

export class Panel {
  constructor(host, { editable, onSave, onClose }) {
    this.o = { editable, onSave, onClose };
    this.box = el("aside", { class: "panel", "aria-labelledby": "panel-title", hidden: true });
    this.box.addEventListener("keydown", (e) => { if (e.key === "Escape") this.close(); });
    host.append(this.box);
  }

  open(task, entry) {
    const inputs = {};
    const form = el("form", { class: "panel-form" });
    for (const [key, label, type, field] of FIELDS) {
      const id = `field-${key}`;
      const readonly = !this.o.editable || Boolean(field.fixed && field.fixed(entry));
      const input = type === "textarea"
        ? el("textarea", { id, name: key, rows: "4", readonly })
        : el("input", { id, name: key, type, readonly });
      input.value = field.read(entry);
      inputs[key] = input;
      form.append(el("label", { for: id }, label), input);
    }
    if (this.o.editable) form.append(el("button", { type: "submit", class: "primary" }, "Save"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const changes = {};
      for (const [key, , , field] of FIELDS) {
        const now = inputs[key].value.trim();
        if (!inputs[key].readOnly && now !== field.read(entry)) {
          const [name, value] = field.write(now);
          changes[name] = value;
        }
      }
      if (Object.keys(changes).length) this.o.onSave(task, changes);
    });
    this.box.replaceChildren(
      el("div", { class: "panel-head" }, el("h2", { id: "panel-title" }, task.name),
        el("button", { type: "button", class: "quiet", "aria-label": "Close the task panel", onclick: () => this.close() }, "✕")),
      el("p", { class: "muted" }, `${task.id}${this.o.editable ? "" : " · read only"}`), form);
    this.box.hidden = false;
    (this.o.editable ? inputs.name : this.box.querySelector("button")).focus();
  }

  close() {
    if (this.box.hidden) return;
    this.box.hidden = true;
    this.o.onClose();
  }
}
