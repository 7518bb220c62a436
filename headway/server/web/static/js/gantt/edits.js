// Task edits through PATCH with If-Match, and an undo stack that PATCHes the old values back.
import { api, ApiError } from "../api.js";

export class Editor {
  /** onChanged(message) is called after every saved edit or undo; onStale(message) after a 412. */
  constructor(projectId, { onChanged, onStale, onError }) {
    this.base = `/projects/${projectId}/tasks/`;
    this.stack = [];
    this.early = new Map(); // task id -> {at, read}: entries read while the user was still dragging
    Object.assign(this, { onChanged, onStale, onError });
  }

  async entry(taskId) {
    const { data, etag } = await api(this.base + encodeURIComponent(taskId));
    return { entry: data, etag };
  }

  /** Start reading the task's entry and ETag now (a drag began), so the drop only has to PATCH. */
  prefetch(taskId) {
    const read = this.entry(taskId);
    read.catch(() => {}); // a failed read is reported by the change that uses it
    this.early.set(taskId, { at: Date.now(), read });
  }

  read(taskId) {
    const early = this.early.get(taskId);
    this.early.delete(taskId);
    return early && Date.now() - early.at < 30000 ? early.read : this.entry(taskId);
  }

  /** Apply changes(entry) to the task; remember the old values for undo. */
  async change(taskId, changes, message) {
    try {
      const { entry, etag } = await this.read(taskId);
      const fields = typeof changes === "function" ? changes(entry) : changes;
      const before = Object.fromEntries(Object.keys(fields).map((k) => [k, entry[k] ?? null]));
      const saved = await this.patch(taskId, fields, etag);
      this.stack.push({ taskId, before, etag: saved.etag, message });
      await this.onChanged(message);
    } catch (err) {
      await this.failed(err, taskId);
    }
  }

  async undo() {
    const last = this.stack.pop();
    if (!last) return false;
    try {
      await this.patch(last.taskId, last.before, last.etag);
      await this.onChanged(`Undone: ${last.message}`);
    } catch (err) {
      this.stack = [];
      await this.failed(err, last.taskId);
    }
    return true;
  }

  patch(taskId, fields, etag) {
    return api(this.base + encodeURIComponent(taskId), { method: "PATCH", body: fields, headers: { "If-Match": etag } });
  }

  async failed(err, taskId) {
    if (err instanceof ApiError && err.status === 412) {
      this.stack = this.stack.filter((e) => e.taskId !== taskId);
      await this.onStale(`Someone else changed “${taskId}” meanwhile: the chart is reloaded; redo your change.`);
    } else {
      await this.onError(err);
    }
  }
}
