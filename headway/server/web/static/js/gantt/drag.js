// Pointer gestures on the bars: drag the body to move (snap to days), the end handle to resize,
// the round handle onto another bar to link. The chart calls back; the server does the rescheduling.
import { DAY, dayStart, ms } from "../util.js";

const THRESHOLD = 4; // pixels before a press becomes a drag

export function attachDrag(gantt) {
  let drag = null;
  const sc = gantt.scroller;

  sc.addEventListener("pointerdown", (e) => {
    const bar = e.target.closest(".bar");
    if (!bar || e.button !== 0 || bar.classList.contains("summary-bar")) return;
    const mode = e.target.closest(".handle-link") ? "link" : e.target.closest(".handle-end") ? "resize" : "move";
    const task = gantt.tree.byId.get(bar.dataset.id);
    drag = { mode, task, bar, x0: e.clientX, y0: e.clientY, left: bar.offsetLeft, width: bar.offsetWidth, moved: false };
    bar.setPointerCapture(e.pointerId);
    if (mode !== "link" && gantt.o.onGrab) gantt.o.onGrab(task);
    e.preventDefault();
  });

  sc.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x0;
    if (!drag.moved && Math.abs(dx) < THRESHOLD && Math.abs(e.clientY - drag.y0) < THRESHOLD) return;
    drag.moved = true;
    gantt.dragging = true;
    drag.bar.classList.add("dragging");
    if (drag.mode === "move") drag.bar.style.left = `${drag.left + dx}px`;
    else if (drag.mode === "resize") drag.bar.style.width = `${Math.max(3, drag.width + dx)}px`;
    else rubberBand(gantt, drag, e);
  });

  const finish = (e, cancelled) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    gantt.dragging = false;
    d.bar.classList.remove("dragging");
    gantt.svg.querySelector(".rubber")?.remove();
    if (!d.moved || cancelled) {
      d.bar.style.left = `${d.left}px`;
      d.bar.style.width = `${d.width}px`;
      return;
    }
    gantt.dragged = true; // swallow the click that follows
    const days = Math.round((e.clientX - d.x0) / gantt.scale.pxPerDay);
    if (d.mode === "move" && days) gantt.o.onMove(d.task, dayStart(ms(d.task.start)) + days * DAY);
    else if (d.mode === "resize" && days) gantt.o.onResize(d.task, days);
    else if (d.mode === "link") {
      const target = gantt.taskAt(document.elementFromPoint(e.clientX, e.clientY));
      if (target && target.id !== d.task.id && !target.summary) gantt.o.onLink(d.task, target);
    }
    if (!days || d.mode === "link") gantt.draw();
  };
  sc.addEventListener("pointerup", (e) => finish(e, false));
  sc.addEventListener("pointercancel", (e) => finish(e, true));
  sc.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && drag) finish(e, true);
  });
}

function rubberBand(gantt, drag, e) {
  const box = gantt.svg.getBoundingClientRect();
  const from = drag.bar.getBoundingClientRect();
  let line = gantt.svg.querySelector(".rubber");
  if (!line) {
    line = document.createElementNS("http://www.w3.org/2000/svg", "line");
    line.setAttribute("class", "rubber");
    gantt.svg.append(line);
  }
  line.setAttribute("x1", String(from.right - box.left));
  line.setAttribute("y1", String(from.top + from.height / 2 - box.top));
  line.setAttribute("x2", String(e.clientX - box.left));
  line.setAttribute("y2", String(e.clientY - box.top));
}
