/**
 * The web chat widget an ISP embeds with one tag: `<script src="…/widget.js" data-widget-id="wgt_…" async>`.
 * Framework-free and self-contained (no imports, no globals): a launcher and a panel in a Shadow DOM, styled
 * by a constructed stylesheet (no inline <style>, so the host page's CSP and CSS neither block nor leak).
 * The visitor token lives in the host site's localStorage, so leaving and coming back keeps the thread.
 * Replies arrive by short polling with a `since` cursor while the panel is open.
 */
(() => {
  type Requirement = "off" | "optional" | "required";
  interface Config {
    name: string;
    greeting: string;
    colors: { primary: string; onPrimary: string };
    preChat: { name: Requirement; email: Requirement; phone: Requirement };
    online: boolean;
    offlineMessage: string;
  }
  interface Message {
    id: string;
    from: "visitor" | "agent";
    body: string | null;
    at: string;
  }

  const POLL_MS = 3000;
  const script =
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>("script[data-widget-id]");
  const widgetId = script?.dataset.widgetId;
  if (!script || !widgetId) return;
  const base = new URL(script.src, location.href).origin;
  const storageKey = `dotmac-chat:${widgetId}`;

  let token = read();
  let cursor: string | undefined;
  let timer: number | undefined;
  let config: Config;
  const shown = new Set<string>();

  function read(): string | null {
    try {
      return localStorage.getItem(storageKey);
    } catch {
      return null;
    }
  }
  function remember(value: string | null) {
    token = value;
    try {
      if (value) localStorage.setItem(storageKey, value);
      else localStorage.removeItem(storageKey);
    } catch {}
  }

  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const url = `${base}/api/v1/widget/${path}${path.includes("?") ? "&" : "?"}widget=${encodeURIComponent(widgetId as string)}`;
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(url, {
      method,
      headers,
      credentials: "omit",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok)
      throw Object.assign(new Error(data.detail ?? data.title ?? `HTTP ${res.status}`), { status: res.status });
    return data as T;
  }

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, text?: string) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const css = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.4}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 20px;
 background:var(--p);color:var(--on);font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 5px #fff}
.panel{position:fixed;right:20px;bottom:20px;z-index:2147483001;width:370px;max-width:calc(100vw - 24px);height:560px;
 max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:#fff;color:#1a1a1a;border-radius:12px;
 box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;background:var(--p);color:var(--on)}
h2{margin:0;font-size:17px;font-weight:600}
.close{background:transparent;color:var(--on);border:0;font-size:22px;line-height:1;cursor:pointer;padding:4px 8px;border-radius:6px}
.body{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:8px}
.note{margin:0 0 8px;padding:10px 12px;border-radius:8px;background:#f1f3f5}
.offline{background:#fff4e5;border:1px solid #8a5300}
form{display:flex;flex-direction:column;gap:10px}
label{display:flex;flex-direction:column;gap:4px;font-weight:600;color:#1a1a1a}
input,textarea{font-weight:400;padding:8px 10px;border:1px solid #6b7280;border-radius:6px;color:#1a1a1a;background:#fff}
textarea{resize:vertical;min-height:64px}
.send{align-self:flex-end;border:0;border-radius:6px;padding:9px 18px;background:var(--p);color:var(--on);font-weight:600;cursor:pointer}
.log{display:flex;flex-direction:column;gap:8px;margin:0;padding:0;list-style:none}
.msg{max-width:80%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.visitor{align-self:flex-end;background:var(--p);color:var(--on)}
.agent{align-self:flex-start;background:#eef0f3;color:#1a1a1a}
.composer{border-top:1px solid #d0d5db;padding:12px 16px}
.error{color:#b00020;margin:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100vh;max-height:100vh;border-radius:0}}
`;

  async function main() {
    config = await call<Config>("GET", "config");
    const host = el("div", { "data-dotmac-chat": "" });
    host.style.setProperty("--p", config.colors.primary);
    host.style.setProperty("--on", config.colors.onPrimary);
    document.body.append(host);
    const root = host.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];

    const launcher = el(
      "button",
      { class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "panel" },
      "Chat with us",
    );
    const panel = el("div", {
      class: "panel",
      id: "panel",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": "title",
      hidden: "",
    });
    const header = el("header");
    const close = el("button", { class: "close", type: "button", "aria-label": "Close chat" }, "×");
    header.append(el("h2", { id: "title" }, config.name), close);
    const body = el("div", { class: "body" });
    panel.append(header, body);
    root.append(launcher, panel);

    const open = () => {
      panel.hidden = false;
      launcher.hidden = true;
      launcher.setAttribute("aria-expanded", "true");
      render();
    };
    const shut = () => {
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute("aria-expanded", "false");
      stopPolling();
      launcher.focus();
    };
    launcher.addEventListener("click", open);
    close.addEventListener("click", shut);
    // Escape closes; Tab and Shift+Tab stay inside the open panel.
    panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        shut();
        return;
      }
      if (e.key !== "Tab") return;
      const focusable = [...panel.querySelectorAll<HTMLElement>("button, input, textarea, [tabindex='0']")].filter(
        (n) => !n.hasAttribute("disabled") && n.offsetParent !== null,
      );
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      if (e.shiftKey && root.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && root.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    });

    function render() {
      body.replaceChildren();
      for (const old of panel.querySelectorAll(".composer")) old.remove();
      stopPolling();
      if (token) renderThread();
      else renderForm();
    }

    function notes(parent: HTMLElement) {
      parent.append(el("p", { class: "note" }, config.greeting));
      if (!config.online) parent.append(el("p", { class: "note offline", role: "status" }, config.offlineMessage));
    }

    function renderForm() {
      notes(body);
      const form = el("form", { "aria-label": "Start a chat" });
      const fields: Array<[keyof Config["preChat"], string, string, string]> = [
        ["name", "Your name", "text", "name"],
        ["email", "Email", "email", "email"],
        ["phone", "Phone", "tel", "tel"],
      ];
      const inputs: Partial<Record<keyof Config["preChat"], HTMLInputElement>> = {};
      for (const [key, label, type, autocomplete] of fields) {
        const need = config.preChat[key];
        if (need === "off") continue;
        const input = el("input", { type, name: key, autocomplete });
        if (need === "required") input.required = true;
        const wrap = el("label", {}, need === "required" ? `${label} (required)` : `${label} (optional)`);
        wrap.append(input);
        form.append(wrap);
        inputs[key] = input;
      }
      const message = el("textarea", { name: "message", rows: "3", required: "" });
      const messageLabel = el("label", {}, "How can we help?");
      messageLabel.append(message);
      const error = el("p", { class: "error", role: "alert" });
      form.append(messageLabel, error, el("button", { class: "send", type: "submit" }, "Start chat"));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        error.textContent = "";
        const payload: Record<string, string> = { message: message.value.trim(), clientId: newId() };
        for (const [key, input] of Object.entries(inputs)) if (input?.value.trim()) payload[key] = input.value.trim();
        try {
          const started = await call<{ token: string }>("POST", "start", payload);
          remember(started.token);
          render();
        } catch (err) {
          error.textContent = (err as Error).message;
        }
      });
      body.append(form);
      (form.querySelector("input, textarea") as HTMLElement | null)?.focus();
    }

    let log: HTMLOListElement;
    function renderThread() {
      shown.clear();
      cursor = undefined;
      notes(body);
      // The live region wraps the list: a role on the <ol> itself would take its list semantics away.
      const region = el("div", { role: "log", "aria-live": "polite", "aria-label": "Messages" });
      log = el("ol", { class: "log" });
      region.append(log);
      body.append(region);
      const form = el("form", { class: "composer", "aria-label": "Send a message" });
      const input = el("textarea", { name: "body", rows: "2", required: "" });
      const label = el("label", {}, "Message");
      label.append(input);
      const error = el("p", { class: "error", role: "alert" });
      form.append(label, error, el("button", { class: "send", type: "submit" }, "Send"));
      input.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && !e.shiftKey) {
          e.preventDefault();
          form.requestSubmit();
        }
      });
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        error.textContent = "";
        try {
          await call("POST", "messages", { clientId: newId(), body: text });
          input.value = "";
          await poll();
        } catch (err) {
          error.textContent = (err as Error).message;
        }
      });
      body.after(form);
      input.focus();
      void poll();
    }

    async function poll() {
      if (!token || panel.hidden) return;
      stopPolling();
      try {
        const page = await call<{ items: Message[]; cursor: string | null; online: boolean }>(
          "GET",
          `messages${cursor ? `?since=${encodeURIComponent(cursor)}` : ""}`,
        );
        cursor = page.cursor ?? undefined;
        let lastAgent: string | undefined;
        for (const m of page.items) {
          if (shown.has(m.id)) continue;
          shown.add(m.id);
          const item = el("li", { class: `msg ${m.from}` });
          item.append(el("span", { class: "sr" }, m.from === "agent" ? `${config.name}: ` : "You: "), m.body ?? "");
          log.append(item);
          if (m.from === "agent") lastAgent = m.id;
        }
        if (page.items.length) body.scrollTop = body.scrollHeight;
        if (lastAgent) await call("POST", "seen", { messageId: lastAgent });
      } catch (err) {
        // A token the server no longer accepts: start over with the form.
        if ((err as { status?: number }).status === 401) {
          remember(null);
          render();
          return;
        }
      }
      if (!panel.hidden) timer = window.setTimeout(poll, POLL_MS);
    }

    function stopPolling() {
      if (timer !== undefined) window.clearTimeout(timer);
      timer = undefined;
    }
  }

  const newId = () =>
    (crypto.randomUUID?.() ?? `${Date.now()}${Math.random()}`).replace(/[^A-Za-z0-9]/g, "").slice(0, 32);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void main());
  else void main();
})();
