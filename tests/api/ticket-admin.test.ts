import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { useTransaction } from "@dotmac/core/platform/db";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let techAuth: Record<string, string>;
const password = "correct horse battery staple";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  await Auth.createUser({ email: "tech@example.com", password, displayName: "Tech", roles: ["field_technician"] });
  techAuth = {
    authorization: `Bearer ${(await passwordSignIn({ email: "tech@example.com", password })).accessToken}`,
    "content-type": "application/json",
  };
});
afterAll(() => t.close());

const send = (method: string, path: string, body?: unknown, headers = auth) =>
  api.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = (path: string, headers = auth) => api.request(path, { headers });
const year = new Date().getUTCFullYear();

describe("support admin API: ticket types, status transitions, numbering", () => {
  it("adds a type, deactivates it: still listed for admins, no longer offered for new tickets", async () => {
    const created = await send("PUT", "/api/v1/support/types/Smart Home Setup", { requiresSubscriber: true });
    expect(created.status).toBe(200);
    expect(await created.json()).toMatchObject({ name: "Smart Home Setup", requiresSubscriber: true, active: true });
    const offered = async () =>
      ((await (await get("/api/v1/tickets/types")).json()).items as { name: string }[]).map((x) => x.name);
    expect(await offered()).toContain("Smart Home Setup");

    const off = await send("PUT", `/api/v1/support/types/${encodeURIComponent("Smart Home Setup")}`, {
      requiresSubscriber: true,
      active: false,
    });
    expect(await off.json()).toMatchObject({ active: false });
    expect(await offered()).not.toContain("Smart Home Setup");
    const all = (await (await get("/api/v1/support/types")).json()).items as { name: string; active: boolean }[];
    expect(all.find((x) => x.name === "Smart Home Setup")).toMatchObject({ active: false });
    expect(all.length).toBeGreaterThanOrEqual(30);

    const bad = await send("PUT", "/api/v1/support/types/X", { requiresSubscriber: "yes" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("requiresSubscriber");
  });

  it("transitions: upsert with a note requirement that the status change then enforces, remove; never to merged", async () => {
    const merged = await send("PUT", "/api/v1/support/transitions", { from: "open", to: "merged" });
    expect(merged.status).toBe(400);
    expect((await merged.json()).errors[0].path).toBe("to");
    const same = await send("PUT", "/api/v1/support/transitions", { from: "open", to: "open" });
    expect((await same.json()).errors[0].path).toBe("to");

    const saved = await send("PUT", "/api/v1/support/transitions", {
      from: "open",
      to: "site_under_construction",
      requiresNote: true,
    });
    expect(saved.status).toBe(200);
    const transition = await saved.json();
    expect(transition).toMatchObject({ from: "open", to: "site_under_construction", requiresNote: true, active: true });
    const listed = (await (await get("/api/v1/support/transitions")).json()).items as { id: string }[];
    expect(listed.map((x) => x.id)).toContain(transition.id);

    const { ticket } = await (await send("POST", "/api/v1/tickets", { title: "New estate, no duct yet" })).json();
    expect((await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "open" })).status).toBe(200);
    const noNote = await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "site_under_construction" });
    expect(noNote.status).toBe(400);
    expect((await noNote.json()).errors[0].path).toBe("note");
    const withNote = await send("POST", `/api/v1/tickets/${ticket.id}/status`, {
      status: "site_under_construction",
      note: "Ducting by the developer next month",
    });
    expect(withNote.status).toBe(200);

    // Switched off, the pair is refused like any other not in the table.
    await send("PUT", "/api/v1/support/transitions", { from: "site_under_construction", to: "open", active: false });
    const back = await send("POST", `/api/v1/tickets/${ticket.id}/status`, { status: "open" });
    expect(back.status).toBe(400);
    expect((await back.json()).errors[0].path).toBe("status");

    expect((await send("DELETE", `/api/v1/support/transitions/${transition.id}`)).status).toBe(204);
    expect((await send("DELETE", `/api/v1/support/transitions/${transition.id}`)).status).toBe(404);

    const audit = await useTransaction((tx) =>
      tx
        .select({ action: auditEventTable.action })
        .from(auditEventTable)
        .where(
          inArray(auditEventTable.action, [
            "ticket.transition.saved",
            "ticket.transition.removed",
            "ticket.type.saved",
          ]),
        ),
    );
    expect(new Set(audit.map((a) => a.action))).toEqual(
      new Set(["ticket.transition.saved", "ticket.transition.removed", "ticket.type.saved"]),
    );
  });

  it("numbering: reads the format with the next number, previews a change, saves it, refuses bad tokens", async () => {
    const current = await (await get("/api/v1/support/numbering")).json();
    expect(current).toMatchObject({ pattern: "TCK-{YYYY}-", padding: 6 });
    expect(current.preview).toMatch(new RegExp(`^TCK-${year}-\\d{6}$`));

    const q = new URLSearchParams({ pattern: "SR-{YYYY}{MM}-", padding: "4", start: "500" });
    const preview = await (await get(`/api/v1/support/numbering/preview?${q}`)).json();
    const month = String(new Date().getUTCMonth() + 1).padStart(2, "0");
    expect(preview).toEqual({ preview: `SR-${year}${month}-0500` });
    // Previewing saves nothing.
    expect((await (await get("/api/v1/support/numbering")).json()).pattern).toBe("TCK-{YYYY}-");

    const saved = await send("PUT", "/api/v1/support/numbering", { pattern: "SR-{YYYY}{MM}-", padding: 4, start: 500 });
    expect(await saved.json()).toMatchObject({ pattern: "SR-{YYYY}{MM}-", preview: `SR-${year}${month}-0500` });
    const { ticket } = await (await send("POST", "/api/v1/tickets", { title: "Numbered the new way" })).json();
    expect(ticket.number).toBe(`SR-${year}${month}-0500`);
    expect((await (await get("/api/v1/support/numbering")).json()).preview).toBe(`SR-${year}${month}-0501`);

    const bad = await send("PUT", "/api/v1/support/numbering", { pattern: "SR-{YY}-", padding: 4 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe("pattern");
    const badPreview = await get("/api/v1/support/numbering/preview?pattern=%3Cb%3E&padding=3");
    expect(badPreview.status).toBe(400);
  });

  it("needs a signed-in staff user with the settings permissions", async () => {
    expect((await api.request("/api/v1/support/types")).status).toBe(401);
    expect((await get("/api/v1/support/types", techAuth)).status).toBe(403);
    expect((await send("PUT", "/api/v1/support/numbering", { pattern: "X-", padding: 1 }, techAuth)).status).toBe(403);
    expect((await send("PUT", "/api/v1/support/transitions", { from: "new", to: "open" }, techAuth)).status).toBe(403);
  });
});
