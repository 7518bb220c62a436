// Small DOM and date helpers. Schedule dates are project-local ISO date-times without a zone;
// the chart treats them as UTC so that arithmetic never meets a daylight-saving jump.
export const DAY = 86400000;

/** An element: el("div", {class: "x", onclick: f}, child, "text"). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export const ms = (iso) => (iso ? Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`) : NaN);
export const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
export const dayStart = (t) => Math.floor(t / DAY) * DAY;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
export const monthName = (t) => MONTHS[new Date(t).getUTCMonth()];

/** "Mon 11 Jan 2027" (and " 09:00" with time). */
export function fmtDate(iso, time = false) {
  if (!iso) return "—";
  const d = new Date(ms(iso));
  const day = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return time ? `${day} ${iso.slice(11, 16)}` : day;
}

/** A deadline: the schedule gives the end of its day as the next midnight, shown as the day itself. */
export function fmtDeadline(iso) {
  if (!iso) return "—";
  const t = ms(iso);
  return fmtDate(isoDay(iso.slice(11, 16) === "00:00" ? t - DAY : t));
}

/** Working minutes as days of the project's day length ("2.5 d"). */
export function fmtDays(minutes, perDay) {
  if (minutes === null || minutes === undefined) return "—";
  const days = Math.round((minutes / (perDay || 480)) * 10) / 10;
  return `${days} d`;
}

export const pct = (x) => `${Math.round((x || 0) * 100)}%`;

/** Show a short message in the live region (read by screen readers). */
export function say(message, kind = "info") {
  const box = document.getElementById("status");
  box.textContent = message;
  box.dataset.kind = kind;
  box.classList.add("shown");
  clearTimeout(say.timer);
  say.timer = setTimeout(() => box.classList.remove("shown"), kind === "error" ? 8000 : 4000);
}
