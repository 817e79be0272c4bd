import { join } from "node:path";
import * as Audit from "@dotmac/core/audit";
import * as AuditLog from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { localBlobStore } from "@dotmac/core/platform/blob/local";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { createTransaction } from "@dotmac/core/platform/db";
import * as Upload from "@dotmac/core/upload";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());

const admin = staffActor({ id: "0190c0de-0000-7000-8000-000000000001", email: "boss@example.com", roles: ["admin"] });
const asAdmin = <T>(fn: () => T) => withActor(admin, fn);

describe(`audit log on ${dbKind}`, () => {
  it("writes the row in the mutation's transaction: a rollback leaves neither the user nor its audit row", async () => {
    const email = "rolled-back@example.com";
    await expect(
      withActor(admin, () =>
        createTransaction(async () => {
          await Auth.createUser({ email, password: "a long passphrase", displayName: "Gone", roles: [] });
          throw new Error("something later in the same change failed");
        }),
      ),
    ).rejects.toThrow("something later");
    expect(await Auth.fromEmail(email)).toBeUndefined();
    const { items } = await asAdmin(() => AuditLog.list({ action: "user.created" }));
    expect(items.filter((e) => e.changes?.email?.to === email)).toEqual([]);

    await withActor(admin, () => Auth.createUser({ email, password: "a long passphrase", displayName: "Kept" }), {
      requestId: "req-1",
      ip: "203.0.113.9",
      userAgent: "test-agent",
    });
    const kept = (await asAdmin(() => AuditLog.list({ action: "user.created" }))).items.filter(
      (e) => e.changes?.email?.to === email,
    );
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      actor: { type: "user", id: admin.properties.userId, label: "boss@example.com" },
      requestId: "req-1",
      ip: "203.0.113.9",
      userAgent: "test-agent",
    });
    expect(JSON.stringify(kept[0])).not.toMatch(/passphrase|scrypt/);
  });

  it("pages by (at, id) without skipping or repeating rows that share one instant", async () => {
    // One transaction: now() is the same for every row, so only the id orders them.
    await withActor({ type: "system", properties: { job: "test.batch" } }, () =>
      createTransaction(async () => {
        for (let i = 0; i < 7; i++)
          await Audit.record({ action: "job.run", entityType: "job", entityId: `batch-${i}` });
      }),
    );
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await asAdmin(() => AuditLog.list({ actor: "test.batch", limit: 2, cursor }));
      ids.push(...page.items.map((e) => e.entityId ?? ""));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `batch-${i}`));
  });

  it("streams the export in keyset pages, ending cleanly", async () => {
    const text = await new Response(await asAdmin(() => AuditLog.exportCsv({ actor: "test.batch" }))).text();
    const rows = text.split("\r\n").filter(Boolean);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toBe(AuditLog.csvHeader.join(","));
  });

  it("upload slots and their scan outcome are recorded, once per decision", async () => {
    const store = localBlobStore({
      root: join(t.dataDir, "blobs"),
      publicUrl: "http://localhost:3999",
      secret: "s".repeat(32),
    });
    setBlobStore(store);
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6,
      0, 0, 0,
    ]);
    const good = await asAdmin(() =>
      Upload.createSlot({ filename: "a.png", contentType: "image/png", size: png.byteLength }),
    );
    const bad = await asAdmin(() => Upload.createSlot({ filename: "b.png", contentType: "image/png", size: 100 }));
    const key = async (id: string) => (await Upload.fromID(id))?.key ?? "";
    await store.put(await key(good.id), png, "image/png");
    await store.put(await key(bad.id), new TextEncoder().encode("<html>not a picture</html>"), "image/png");
    await Upload.scan(await key(good.id));
    await Upload.scan(await key(bad.id));
    await Upload.scan(await key(bad.id)); // a repeated notification decides nothing new
    const rows = async (entityId: string) =>
      (await asAdmin(() => AuditLog.list({ entityType: "upload", entityId }))).items.map((e) => [e.action, e.changes]);
    expect(await rows(good.id)).toEqual([
      [
        "upload.accepted",
        {
          status: { from: "pending", to: "accepted" },
          detectedType: { from: null, to: "image/png" },
          size: { from: null, to: png.byteLength },
        },
      ],
      [
        "upload.created",
        { filename: { to: "a.png" }, declaredType: { to: "image/png" }, maxBytes: { to: png.byteLength } },
      ],
    ]);
    const badRows = await rows(bad.id);
    expect(badRows.map(([action]) => action)).toEqual(["upload.rejected", "upload.created"]);
    expect(badRows[0]?.[1]).toMatchObject({
      status: { to: "rejected" },
      reason: { to: expect.stringMatching(/could not be identified/) },
    });
  });

  it("is for administrators only", async () => {
    const clerk: Actor = { ...admin, properties: { ...admin.properties, roles: ["support"] } };
    await expect(withActor(clerk, () => AuditLog.list({}))).rejects.toMatchObject({ code: "forbidden" });
    expect(() => withActor(clerk, () => AuditLog.exportCsv({}))).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    await expect(
      withActor({ type: "webhook", properties: { provider: "billing" } }, () => AuditLog.list({})),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("audit diff", () => {
  it("keeps only changed fields, compares dates and objects by value, and never stores a secret", () => {
    const at = new Date("2026-11-01T00:00:00Z");
    expect(
      Audit.diff(
        { status: "active", at, address: { city: "Lagos", line2: undefined }, passwordHash: "x", apiToken: "t" },
        {
          status: "suspended",
          at: new Date(at),
          address: { city: "Lagos" },
          passwordHash: "y",
          apiToken: "t",
        },
      ),
    ).toEqual({ status: { from: "active", to: "suspended" }, passwordHash: { from: "[redacted]", to: "[redacted]" } });
    expect(Audit.diff(null, { password: "hunter2", tokenVersion: 2, name: "n", clientSecret: "s" })).toEqual({
      password: { from: "[redacted]", to: "[redacted]" },
      tokenVersion: { from: "[redacted]", to: "[redacted]" },
      clientSecret: { from: "[redacted]", to: "[redacted]" },
      name: { to: "n" },
    });
    expect(Audit.diff({ a: 1, b: 2 }, { a: 2, b: 3 }, ["a"])).toEqual({ a: { from: 1, to: 2 } });
  });
});
