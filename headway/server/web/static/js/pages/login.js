// The login form: POST /auth/login sets the session and CSRF cookies.
import { api } from "../api.js";
import { el } from "../util.js";

export function render(main, { navigate, setMe }) {
  const error = el("p", { class: "error", role: "alert", id: "login-error" });
  const user = el("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const pass = el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password",
    required: true });
  const submit = el("button", { type: "submit", class: "primary" }, "Log in");
  const form = el("form", { class: "card login", "aria-describedby": "login-error" },
    el("h1", {}, "Log in to Headway"),
    el("label", { for: "username" }, "User name"), user,
    el("label", { for: "password" }, "Password"), pass,
    submit, error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    submit.disabled = true;
    try {
      const { data } = await api("/auth/login", { method: "POST", body: { username: user.value, password: pass.value },
        quiet401: true });
      setMe(data);
      const next = new URLSearchParams(location.search).get("next");
      navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
    } catch (err) {
      error.textContent = err.status === 401 ? "Wrong user name or password." : err.message;
      pass.select();
    } finally {
      submit.disabled = false;
    }
  });
  main.append(el("div", { class: "center" }, form));
  user.focus();
}
