import { createHash } from "node:crypto";
import * as Auth from "@dotmac/core/auth";
import { authTokenTable } from "@dotmac/core/auth/auth.sql";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase({ RATE_LIMIT_RECOVERY_IP: "100000", RATE_LIMIT_RECOVERY_EMAIL: "100000" });
  api = testApp();
});
afterAll(() => t.close());

const post = (path: string, body: unknown) =>
  api.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify(body),
  });

const sha256 = (token: string) => createHash("sha256").update(token).digest("base64url");

async function requestReset(email: string) {
  const res = await post("/api/v1/auth/password/forgot", { email });
  const mail = (await listLocalMail()).filter((m) => m.to === email).at(-1);
  const link = new URL(/https?:\/\/\S+/.exec(mail?.text ?? "")?.[0] ?? "http://invalid");
  return { res, link, token: new URLSearchParams(link.hash.slice(1)).get("token") ?? "" };
}

describe("password reset tokens", () => {
  it("v1: reset token handling (single use, hashed, expires, never in a URL query or redirect)", async () => {
    const user = await Auth.createUser({
      email: "target@example.com",
      password: "the original passphrase",
      displayName: "Target",
      roles: [],
    });
    const { res, link, token } = await requestReset("target@example.com");

    // Never in a URL query or redirect: the forgot answer carries no token and no Location; the
    // link has no query and the token only in its fragment, which browsers never send anywhere.
    expect(res.status).toBe(202);
    expect(res.headers.get("location")).toBeNull();
    const answer = await res.text();
    expect(answer).toBe(JSON.stringify({ status: "sent" }));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.pathname).toBe("/reset-password");
    expect(link.search).toBe("");
    expect(link.href.indexOf(token)).toBeGreaterThan(link.href.indexOf("#"));

    // Hashed: the database holds only the SHA-256 of the token, never the token.
    const rows = await useTransaction((tx) =>
      tx.select().from(authTokenTable).where(eq(authTokenTable.userId, user.id)),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    // A token sent in a query string instead of the body is not accepted.
    const viaQuery = await api.request(`/api/v1/auth/password/reset?token=${token}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ password: "a brand new passphrase" }),
    });
    expect(viaQuery.status).toBe(400);

    // Single use: the first reset succeeds without redirecting anywhere; the second is refused.
    const first = await post("/api/v1/auth/password/reset", { token, password: "a brand new passphrase" });
    expect(first.status).toBe(204);
    expect(first.headers.get("location")).toBeNull();
    const second = await post("/api/v1/auth/password/reset", { token, password: "another new passphrase" });
    expect(second.status).toBe(400);
    const invalid = (await second.json()).detail;
    expect(invalid).toMatch(/invalid or has expired/);
    expect(invalid).not.toContain(token);

    // Expires: a link past its hour is refused with the same answer as a used or made-up one.
    const later = await requestReset("target@example.com");
    const [row] = await useTransaction((tx) =>
      tx
        .select()
        .from(authTokenTable)
        .where(eq(authTokenTable.tokenHash, sha256(later.token))),
    );
    expect(row && (row.expiresAt.getTime() - row.createdAt.getTime()) / 60_000).toBe(60);
    await useTransaction((tx) =>
      tx
        .update(authTokenTable)
        .set({ expiresAt: new Date(Date.now() - 1) })
        .where(eq(authTokenTable.tokenHash, sha256(later.token))),
    );
    const expired = await post("/api/v1/auth/password/reset", { token: later.token, password: "a third passphrase" });
    expect(expired.status).toBe(400);
    expect((await expired.json()).detail).toBe(invalid);
    const madeUp = await post("/api/v1/auth/password/reset", { token: "A".repeat(43), password: "a third passphrase" });
    expect((await madeUp.json()).detail).toBe(invalid);
  });
});
