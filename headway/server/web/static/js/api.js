// The public REST API (/api/v1) with the cookie session: every unsafe request echoes the CSRF cookie.
const BASE = "/api/v1";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

function cookie(name) {
  const hit = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : "";
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

/** fetch under /api/v1: JSON in and out; problem+json errors become ApiError; 401 calls the handler. */
export async function api(path, { method = "GET", body, headers = {}, quiet401 = false } = {}) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  if (UNSAFE.has(method)) init.headers["X-CSRF-Token"] = cookie("headway_csrf");
  const response = await fetch(BASE + path, init);
  const type = response.headers.get("content-type") || "";
  const data = response.status === 204 ? null : type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && !quiet401) onUnauthorized();
    const problems = (data && Array.isArray(data.problems) ? data.problems : []).filter((p) => p.severity === "error");
    const detail = ((data && data.detail) || `${response.status} ${response.statusText}`)
      + (problems.length ? `: ${problems.map((p) => p.message).join("; ")}` : "");
    throw new ApiError(response.status, detail, data);
  }
  return { data, etag: response.headers.get("ETag"), response };
}

let spec = null;
const segments = (path) => path.split("?")[0].split("/");
const fits = (template, path) => template.length === path.length
  && template.every((part, i) => part === path[i] || (part.startsWith("{") && part.endsWith("}")));

/** Does the server offer GET on this path? Read from its OpenAPI spec, so optional endpoints are used
 * when they exist and never probed (a probe would leave a 404 in the browser console). */
export async function offers(path) {
  if (!spec) {
    spec = fetch("/openapi.json").then((r) => r.json())
      .then((s) => Object.entries(s.paths || {}).filter(([, ops]) => ops.get).map(([p]) => segments(p)))
      .catch(() => []);
  }
  const wanted = segments(BASE + path);
  return (await spec).some((template) => fits(template, wanted));
}

/** GET of an optional endpoint: null when the server does not offer it (yet). */
export async function optional(path) {
  if (!(await offers(path))) return null;
  return (await api(path)).data;
}
