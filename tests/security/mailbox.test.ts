import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Auth from "@dotmac/core/auth";
import { patchConfig } from "@dotmac/core/platform/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

// Issue 9, finding 1: a holder of system:monitoring:read (auditor, operator) could request a password
// reset for an administrator, read the link at GET /api/v1/dev/mailbox, set the password and sign in.

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
const password = "correct horse battery staple";
const bearer = async (email: string) => ({
  authorization: `Bearer ${(await passwordSignIn({ email, password })).accessToken}`,
});

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  await Auth.createUser({ email: "root@example.com", password, displayName: "Root", roles: ["admin"] });
  await Auth.createUser({ email: "other-admin@example.com", password, displayName: "Other", roles: ["admin"] });
  await Auth.createUser({ email: "watch@example.com", password, displayName: "Watch", roles: ["auditor", "operator"] });
});
afterAll(() => t.close());

const forgot = (email: string) =>
  api.request("/api/v1/auth/password/forgot", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email }),
  });

describe("issue 9 finding 1: the development mailbox hands no account's secret to another", () => {
  it("issue 9 finding 1: an auditor or operator cannot read the mailbox at all", async () => {
    expect((await forgot("root@example.com")).status).toBeLessThan(300);
    const watcher = await bearer("watch@example.com");
    for (const path of ["/api/v1/dev/mailbox", "/api/v1/dev/mailbox/2026-01-01T00-00-00-000Z-x"]) {
      const res = await api.request(path, { headers: watcher });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(await res.text()).not.toMatch(/#token=/);
    }
  });

  it("issue 9 finding 1: an administrator sees that a reset mail went out, never its link", async () => {
    expect((await forgot("root@example.com")).status).toBeLessThan(300);
    const viewer = await bearer("other-admin@example.com");
    const list = await api.request("/api/v1/dev/mailbox", { headers: viewer });
    expect(list.status).toBe(200);
    const body = await list.text();
    expect(body).not.toMatch(/#token=/);
    const { items } = JSON.parse(body) as { items: { id: string; to: string; withheld: boolean; text: string }[] };
    const reset = items.find((m) => m.to === "root@example.com");
    expect(reset).toMatchObject({
      withheld: true,
      html: null,
      text: expect.stringContaining(`mail/${reset?.id}.json`),
    });
    const one = await api.request(`/api/v1/dev/mailbox/${reset?.id}`, { headers: viewer });
    expect(await one.text()).not.toMatch(/#token=/);
    // The link is still delivered: whoever runs the machine finds it in the mail folder.
    const file = readFileSync(join(t.dataDir, "mail", `${reset?.id}.json`), "utf8");
    expect(file).toMatch(/reset-password#token=/);
  });

  it("issue 9 finding 1: there is no mailbox when mail goes through SES (every AWS deployment)", async () => {
    patchConfig({ MAIL_DRIVER: "ses" });
    try {
      const res = await api.request("/api/v1/dev/mailbox", { headers: await bearer("other-admin@example.com") });
      expect(res.status).toBe(404);
    } finally {
      patchConfig({ MAIL_DRIVER: "local" });
    }
  });
});
