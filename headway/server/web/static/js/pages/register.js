// A register page (risks, issues): a filtered table of the plan's entries; owners and editors create,
// edit and close them through /projects/{id}/{kind} with If-Match (a 412 reloads and says so);
// viewers get no edit controls. Server problems are shown next to the field they name.
import { api } from "../api.js";
import { el, say } from "../util.js";

const text = (v) => (v === undefined || v === null ? "" : Array.isArray(v) ? v.join(", ") : String(v));

/** Which field a server problem is about: the field whose words open (or appear in) the message. */
export function fieldOf(message, fields) {
  const m = message.toLowerCase();
  const words = (f) => [f.name.replace(/_/g, " "), f.label.toLowerCase(), ...(f.words || [])];
  return fields.find((f) => words(f).some((w) => m.startsWith(w)))
    || fields.find((f) => words(f).some((w) => m.includes(w))) || null;
}

/** Show the server's problems next to their fields (the rest above the buttons). */
export function showProblems(form, fields, err) {
  for (const node of form.querySelectorAll(".field-error")) node.textContent = "";
  const body = err.body || {};
  const items = [
    ...(Array.isArray(body.problems) ? body.problems.filter((p) => p.severity !== "warning").map((p) => [p.message, null]) : []),
    ...(Array.isArray(body.errors) ? body.errors.map((e) => [e.message, Array.isArray(e.loc) ? String(e.loc[e.loc.length - 1]) : null]) : []),
  ];
  if (!items.length) items.push([body.detail || err.message, null]);
  for (const [message, name] of items) {
    const field = (name && fields.find((f) => f.name === name)) || fieldOf(message, fields);
    const box = form.querySelector(field ? `#error-${field.name}` : ".form-error");
    box.textContent = box.textContent ? `${box.textContent}; ${message}` : message;
  }
  const first = form.querySelector(".field-error:not(:empty)");
  const input = first && form.querySelector(`[name="${first.id.slice(6)}"]`);
  if (input) input.focus();
}

function input(field, value) {
  const attrs = { id: `field-${field.name}`, name: field.name, "aria-describedby": `error-${field.name}`,
    required: field.required || null };
  if (field.options) {
    return el("select", attrs, field.options.map((o) => el("option", { value: o, selected: o === (value || field.options[0]) }, o)));
  }
  if (field.type === "textarea") return el("textarea", { ...attrs, rows: "3" }, value || "");
  return el("input", { ...attrs, type: field.type || "text", value: value || "", placeholder: field.placeholder || null });
}

/** The form of one entry (new when ``entry`` is null); resolves with the body to send or null (cancelled). */
function entryForm(config, entry, onSubmit, onCancel) {
  const fields = config.fields.filter((f) => !(entry && f.name === config.key));
  const form = el("form", { class: "card entry-form", id: `${config.kind}-form`, novalidate: true },
    el("h2", {}, entry ? `Edit ${config.entity} ${entry[config.key]}` : `New ${config.entity}`),
    fields.map((f) => el("div", { class: "field" }, el("label", { for: `field-${f.name}` }, f.label),
      input(f, f.show ? f.show(entry ? entry[f.name] : undefined) : text(entry ? entry[f.name] : f.initial)),
      el("p", { class: "field-error error", id: `error-${f.name}`, "aria-live": "polite" }))),
    el("p", { class: "form-error error", "aria-live": "polite" }),
    el("div", { class: "buttons" }, el("button", { type: "submit", class: "primary" }, "Save"),
      el("button", { type: "button", onclick: onCancel }, "Cancel")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const body = {};
    for (const f of fields) {
      const raw = form.elements[f.name].value.trim();
      const value = raw === "" ? null : f.parse ? f.parse(raw) : raw;
      const unset = f.options ? (f.initial || f.options[0]) : null; // what an absent field reads as
      const before = entry && entry[f.name] !== undefined ? entry[f.name] : unset;
      if (!entry) { if (value !== null) body[f.name] = value; }
      else if (JSON.stringify(value) !== JSON.stringify(before)) body[f.name] = value;
    }
    onSubmit(form, fields, body);
  });
  return form;
}

/** Draw the register page into ``main``; ``config`` names the kind, its columns, fields and filters. */
export async function renderRegister(main, id, found, config) {
  const base = `/projects/${id}/${config.kind}`;
  const editable = found.editable;
  const filters = el("form", { class: "toolbar filters", role: "search", "aria-label": `Filter ${config.kind}`,
    onsubmit: (e) => e.preventDefault() });
  const tableHost = el("div", { class: "table-wrap", id: `${config.kind}-table` });
  const extra = el("div", { class: "register-extra" });
  const formHost = el("div", { class: "form-host" });
  let entries = [];
  const selects = config.filters.map((f) => el("select", { id: `filter-${f.name}`, name: f.name, onchange: draw },
    el("option", { value: "" }, "all"), f.options.map((o) => el("option", { value: o, selected: o === f.initial }, o))));
  const search = el("input", { id: "filter-text", type: "search", placeholder: "words in the title", oninput: draw });
  config.filters.forEach((f, i) => filters.append(el("label", { for: `filter-${f.name}`, class: "inline" }, f.label), selects[i]));
  filters.append(el("label", { for: "filter-text", class: "inline" }, "Search"), search);
  const add = editable ? el("button", { type: "button", id: `new-${config.entity}`, class: "primary",
    onclick: () => open(null) }, `New ${config.entity}`) : null;
  main.append(el("div", { class: "toolbar" }, add, editable ? null
    : el("span", { class: "muted hint" }, "Read only: your role on this project is viewer.")), filters, extra, formHost, tableHost);

  function shown() {
    const words = search.value.trim().toLowerCase();
    return entries.filter((e) => config.filters.every((f, i) => !selects[i].value || f.value(e) === selects[i].value)
      && (!words || `${e[config.key]} ${e.title || ""}`.toLowerCase().includes(words)));
  }

  function draw() {
    const rows = shown();
    extra.replaceChildren(...(config.extra ? [config.extra(rows)] : []));
    tableHost.replaceChildren(el("table", { class: "data register", id: `${config.kind}-list` },
      el("caption", { class: "sr-only" }, `${config.title}: ${rows.length} of ${entries.length} shown`),
      el("thead", {}, el("tr", {}, config.columns.map((c) => el("th", { scope: "col" }, c.label)),
        editable ? el("th", { scope: "col" }, el("span", { class: "sr-only" }, "Actions")) : null)),
      el("tbody", {}, rows.map((e) => el("tr", { "data-key": e[config.key], class: `status-${config.status(e)}` },
        config.columns.map((c) => el("td", {}, c.render ? c.render(e) : text(e[c.name]))),
        editable ? el("td", { class: "actions" },
          el("button", { type: "button", class: "edit", "aria-label": `Edit ${e[config.key]}`, onclick: () => open(e[config.key]) }, "Edit"),
          config.status(e) === "open" ? el("button", { type: "button", class: "close-entry", "aria-label": `Close ${e[config.key]}`,
            onclick: () => close(e[config.key]) }, "Close") : null) : null)))));
    if (!rows.length) tableHost.append(el("p", { class: "muted" }, entries.length ? "Nothing matches the filters." : `No ${config.kind} yet.`));
  }

  async function load() {
    const { data } = await api(`${base}?limit=1000`);
    entries = data;
    draw();
  }

  async function stale(err) {
    if (err.status !== 412) return false;
    formHost.replaceChildren();
    say(`Someone else changed this ${config.entity} meanwhile: the list is reloaded, nothing was overwritten. Redo your change.`, "error");
    await load();
    return true;
  }

  async function open(key) {
    let entry = null;
    let etag = null;
    if (key !== null) {
      try {
        ({ data: entry, etag } = await api(`${base}/${encodeURIComponent(key)}`));
      } catch (err) {
        say(err.message, "error");
        return;
      }
    }
    const form = entryForm(config, entry, async (f, fields, body) => {
      try {
        if (entry === null) await api(base, { method: "POST", body });
        else if (Object.keys(body).length) {
          await api(`${base}/${encodeURIComponent(key)}`, { method: "PATCH", body, headers: { "If-Match": etag } });
        }
        formHost.replaceChildren();
        say(entry === null ? `Added ${config.entity} ${body[config.key]}.` : `Saved ${config.entity} ${key}.`);
        await load();
      } catch (err) {
        if (await stale(err)) return;
        showProblems(f, fields, err);
      }
    }, () => formHost.replaceChildren());
    formHost.replaceChildren(form);
    form.querySelector("input, select, textarea").focus();
  }

  async function close(key) {
    try {
      const { etag } = await api(`${base}/${encodeURIComponent(key)}`);
      await api(`${base}/${encodeURIComponent(key)}`, { method: "PATCH", body: config.closing(), headers: { "If-Match": etag } });
      say(`Closed ${config.entity} ${key}.`);
      await load();
    } catch (err) {
      if (!(await stale(err))) say(err.message, "error");
    }
  }

  await load();
}
