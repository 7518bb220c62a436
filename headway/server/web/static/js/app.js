// The app shell: who is logged in, client-side routes, navigation and logout.
import { api, whenUnauthorized } from "./api.js";
import { say } from "./util.js";

const ROUTES = [
  [/^\/login$/, () => import("./pages/login.js"), "login"],
  [/^\/$/, () => import("./pages/dashboard.js"), "portfolio"],
  [/^\/my-work$/, () => import("./pages/mywork.js"), "my-work"],
  [/^\/projects\/(\d+)$/, () => import("./pages/project.js"), "portfolio"],
  [/^\/projects\/(\d+)\/resources$/, () => import("./pages/resources.js"), "portfolio"],
  [/^\/projects\/(\d+)\/risks$/, () => import("./pages/risks.js"), "portfolio"],
  [/^\/projects\/(\d+)\/issues$/, () => import("./pages/issues.js"), "portfolio"],
  [/^\/projects\/(\d+)\/progress$/, () => import("./pages/progress.js"), "portfolio"],
  [/^\/projects\/(\d+)\/report$/, () => import("./pages/report.js"), "portfolio"],
];

const state = { me: null, cleanup: null };

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  route();
}

function toLogin() {
  if (location.pathname === "/login") return;
  state.me = null;
  const next = location.pathname + location.search;
  navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
}

async function whoAmI() {
  if (state.me) return state.me;
  if (!document.cookie.includes("headway_csrf=")) return null; // no session: straight to the login page
  try {
    state.me = (await api("/auth/me", { quiet401: true })).data;
  } catch {
    state.me = null;
  }
  return state.me;
}

function showShell(me, nav) {
  document.getElementById("topbar").hidden = !me;
  document.getElementById("who").textContent = me ? me.display_name || me.username : "";
  for (const link of document.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  if (state.cleanup) state.cleanup();
  state.cleanup = null;
  const path = location.pathname;
  const match = ROUTES.find(([pattern]) => pattern.test(path));
  const main = document.getElementById("main");
  delete main.dataset.ready;
  if (!match) {
    main.replaceChildren(Object.assign(document.createElement("p"), { textContent: "No such page." }));
    return;
  }
  const [pattern, load, nav] = match;
  const me = nav === "login" ? null : await whoAmI();
  if (nav !== "login" && !me) return toLogin();
  showShell(me, nav);
  const page = await load();
  main.replaceChildren();
  const params = path.match(pattern).slice(1);
  state.cleanup = (await page.render(main, { me, params, navigate, setMe: (m) => { state.me = m; } })) || null;
  main.dataset.ready = "true"; // for tests and screen readers: the page is drawn
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-link]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", route);
whenUnauthorized(toLogin);
document.getElementById("logout").addEventListener("click", async () => {
  try {
    await api("/auth/logout", { method: "POST" });
  } catch (err) {
    say(`Logging out failed: ${err.message}`, "error");
  }
  state.me = null;
  navigate("/login", { replace: true });
});
route();
