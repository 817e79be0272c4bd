import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
const NEW_PASSWORD = "a fresh passphrase for the audit story";

beforeAll(async () => {
  portal = await openPortal({ name: "audit-shapes" });
  ({ base, page, problems } = portal);
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
const rows = () => page.locator("table.audit-table tbody tr");
const row = (action: string) =>
  rows().filter({ has: page.locator("code.action-code").getByText(action, { exact: true }) });

/** One API call as the signed-in admin, from the page (session cookie and CSRF header, as the portal sends them). */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split("; ")
        .find((c) => c.startsWith("__Host-dotmac_csrf="))
        ?.slice("__Host-dotmac_csrf=".length);
      const res = await fetch(path, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf ?? "") },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    { method, path, body },
  );
}

async function ok(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return (res.json ?? {}) as Record<string, unknown>;
}

async function signIn(password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(portal.login.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/support$/);
}

type Ticket = { id: string; number: string };
const newTicket = async (title: string) =>
  ((await ok("POST", "/api/v1/tickets", { title, priority: "high" })) as { ticket: Ticket }).ticket;

/** A link and its removal: `ticket.unlinked` holds only `from` sides. */
async function linkAndUnlink(a: Ticket, b: Ticket) {
  const link = (await ok("POST", `/api/v1/tickets/${a.id}/links`, { targetRef: b.number, kind: "related" })) as {
    id: string;
  };
  await ok("DELETE", `/api/v1/tickets/${a.id}/links/${link.id}`);
}

/** A saved view and its removal: nested objects on the `to` side, then on the `from` side only. */
async function saveAndDeleteView(name: string) {
  const saved = (await ok("PUT", `/api/v1/saved-filters/${name}`, {
    filters: { status: ["open", "pending"], priority: "high", q: "fibre" },
  })) as { id: string };
  await ok("DELETE", `/api/v1/saved-filters/${saved.id}`);
}

describe("staff portal: the audit log shows every shape of change the product writes", () => {
  it("seeds each shape through the API: created, updated, removed, redacted, nested, null", async () => {
    await signIn(portal.login.password);
    const a = await newTicket("Fibre cut"); // created: `to` only, an empty array
    const b = await newTicket("Second ticket");
    await ok("PATCH", `/api/v1/tickets/${a.id}`, { title: "Fibre cut, Allen Ave" }); // from → to
    await linkAndUnlink(a, b); // `from` only
    await saveAndDeleteView("older-view"); // nested objects, then `from` only
    const invited = (await ok("POST", "/api/v1/users", {
      portal: "staff",
      email: "audit.shapes@example.com",
      displayName: "Audit Shapes",
      roles: ["support"],
    })) as { user: { id: string } };
    await ok("POST", `/api/v1/users/${invited.user.id}/deactivate`);
    await ok("POST", `/api/v1/users/${invited.user.id}/reactivate`); // `to: null`
    // A password change records redacted values and signs every session out, this one included.
    await ok("POST", "/api/v1/auth/password", { current: portal.login.password, next: NEW_PASSWORD });
    await signIn(NEW_PASSWORD);
    // More than a page of updates, so the shapes above are on the second page.
    for (let i = 0; i < 55; i++) await ok("PATCH", `/api/v1/tickets/${b.id}`, { title: `Update ${i}` });
    // The newest events are removals again: the first page starts with them.
    await linkAndUnlink(b, a);
    await saveAndDeleteView("newest-view");
  });

  it("renders the first page although its newest events are removals", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/audit$/);
    await heading("Audit log").waitFor();
    await rows().first().waitFor();
    expect(await page.locator(".skeleton").count()).toBe(0);

    const deleted = row("saved_filter.deleted").first();
    await deleted.getByText("(removed)").first().waitFor();
    expect(await deleted.locator(".change-from").first().textContent()).toContain("newest-view");
    // A nested object is shown as JSON, cut short; the whole change set is in the tooltip.
    const filters = deleted.locator("li").filter({ hasText: "filters" });
    expect(await filters.locator(".change-from").textContent()).toMatch(/^\{"q":"fibre","status":\[.*…$/);
    expect(await deleted.locator("ul.changes").getAttribute("title")).toContain('"fibre"');

    const unlinked = row("ticket.unlinked").first();
    await unlinked.getByText("toTicket").waitFor();
    expect(await unlinked.locator(".change-removed").count()).toBe(3);
    await screenshot(page, "audit-shapes", { fullPage: false });
  });

  it("loads the second page with the older shapes, and says when everything is shown", async () => {
    expect(await rows().count()).toBe(50);
    await page.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => rows().count()).toBeGreaterThan(50);

    // Redacted secrets: that the password changed, never its value.
    const password = row("auth.password.changed").first();
    await password.getByText("passwordHash").waitFor();
    expect(await password.locator(".change-to").first().textContent()).toBe("[redacted]");
    // A value set to null reads "(none)".
    const reactivated = row("user.reactivated").first();
    await reactivated.getByText("deactivatedAt").waitFor();
    expect(await reactivated.locator(".change-to").textContent()).toBe("(none)");
    // Created: only the new values, an empty array as JSON.
    const created = row("ticket.created").filter({ hasText: "Fibre cut" }).first();
    await created.locator(".change-to").first().waitFor();
    expect(await created.locator(".change-from").count()).toBe(0);
    // Updated: old → new.
    const updated = row("ticket.updated").filter({ hasText: "Fibre cut, Allen Ave" }).first();
    expect(await updated.locator(".change-from").textContent()).toBe("Fibre cut");
    // The older removals, and a sign-in that recorded no change at all.
    expect(await row("ticket.unlinked").count()).toBe(2);
    expect(await row("saved_filter.deleted").count()).toBe(2);
    await row("auth.login.succeeded").first().locator("td").filter({ hasText: "—" }).first().waitFor();

    // Every further page loads too, until the table says all are shown.
    while (await page.getByRole("button", { name: "Load more" }).isVisible()) {
      const before = await rows().count();
      await page.getByRole("button", { name: "Load more" }).click();
      await expect.poll(() => rows().count()).toBeGreaterThan(before);
    }
    await page.getByText(/^All \d+ events shown\.$/).waitFor();
    await screenshot(page, "audit-shapes-more", { fullPage: false });
  });

  it("threw no uncaught error and logged no CSP violation", () => {
    const csp = [...problems.console, ...problems.page].filter((line) => /Content Security Policy/i.test(line));
    expect(csp).toEqual([]);
    expect(problems.page).toEqual([]);
  });
});
