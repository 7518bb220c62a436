// The issue log: filtered table and (owners, editors) create, edit and close.
import { isoDay } from "../util.js";
import { renderRegister } from "./register.js";
import { projectPage } from "./shell.js";

const SEVERITIES = ["low", "medium", "high", "blocker"];

export async function render(main, { me, params }) {
  const id = Number(params[0]);
  const found = await projectPage(main, id, me, "/issues", "Issue log");
  if (!found) return null;
  const status = (i) => i.status || "open";
  const tasks = (v) => v.split(",").map((t) => t.trim()).filter(Boolean);
  await renderRegister(main, id, found, {
    kind: "issues", entity: "issue", key: "id", title: "Issues", status,
    closing: () => ({ status: "closed", resolved: isoDay(Date.now()) }),
    filters: [
      { name: "status", label: "Status", options: ["open", "resolved", "closed"], initial: "open", value: status },
      { name: "severity", label: "Severity", options: SEVERITIES, value: (i) => i.severity || "medium" },
    ],
    columns: [
      { name: "id", label: "Id" }, { name: "title", label: "Issue" },
      { name: "severity", label: "Severity", render: (i) => i.severity || "medium" },
      { name: "owner", label: "Owner" }, { name: "tasks", label: "Tasks" },
      { name: "due", label: "Due" }, { name: "status", label: "Status", render: status },
    ],
    fields: [
      { name: "id", label: "Id", required: true, placeholder: "I-3" },
      { name: "title", label: "Title", required: true, words: ["issue title"] },
      { name: "severity", label: "Severity", options: SEVERITIES, initial: "medium" },
      { name: "status", label: "Status", options: ["open", "resolved", "closed"] },
      { name: "owner", label: "Owner", words: ["owner"] },
      { name: "tasks", label: "Tasks (ids, comma-separated)", words: ["task"], parse: tasks },
      { name: "opened", label: "Opened", type: "date" },
      { name: "due", label: "Due", type: "date", words: ["due"] },
      { name: "resolved", label: "Resolved", type: "date" },
      { name: "resolution", label: "Resolution", type: "textarea" },
    ],
  });
  return null;
}
