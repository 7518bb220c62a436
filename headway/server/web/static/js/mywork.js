// "My work": the caller's open tasks across projects in the order to do them.

/** The resource ids that stand for the user in a schedule: the same id as the user name, or the same
 * name as the display name. */
export function myResources(me, schedule) {
  const names = new Set([me.username.toLowerCase(), (me.display_name || "").toLowerCase()]);
  return new Set((schedule.resources || [])
    .filter((r) => names.has(String(r.id).toLowerCase()) || names.has(String(r.name || "").toLowerCase()))
    .map((r) => r.id));
}

/** Open leaf tasks assigned to the user: critical first, then the earliest due date (deadline or late
 * finish, whichever is earlier), then the soonest start: the rule of `headway agenda` (engine/agenda.py). */
export function myWork(me, projects) {
  const rows = [];
  for (const { project, schedule } of projects) {
    const mine = myResources(me, schedule);
    for (const t of schedule.tasks) {
      if (t.summary || t.percent_complete >= 1 || !t.resources.some((r) => mine.has(r))) continue;
      rows.push({ project, task: t });
    }
  }
  const due = (t) => (t.deadline && t.deadline < t.late_finish ? t.deadline : t.late_finish) || "";
  const key = (row) => [row.task.critical ? 0 : 1, due(row.task), row.task.start || ""];
  return rows.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i += 1) {
      if (ka[i] < kb[i]) return -1;
      if (ka[i] > kb[i]) return 1;
    }
    return a.project.id - b.project.id || (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0);
  });
}
