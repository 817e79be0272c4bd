import { createHash } from "node:crypto";
import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { authTokenTable, userTable } from "@dotmac/core/auth/auth.sql";
import { patchConfig, useConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail, useMailer } from "@dotmac/core/platform/mail";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { cookiesOf, ORIGIN, signIn, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let admin: Auth.Info;
const PASSWORD = "the original passphrase";
const NEW_PASSWORD = "a different long passphrase";

beforeAll(async () => {
  t = await setupTestDatabase({ RATE_LIMIT_RECOVERY_IP: "100000", RATE_LIMIT_RECOVERY_EMAIL: "100000" });
  api = testApp();
  admin = await Auth.createUser({
    email: "admin@example.com",
    password: PASSWORD,
    displayName: "Admin",
    roles: ["admin"],
  });
});
afterAll(() => t.close());

const post = (path: string, body: unknown, init: { headers?: Record<string, string>; ip?: string } = {}) =>
  api.app.request(
    `${ORIGIN}${path}`,
    {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, ...init.headers },
      body: JSON.stringify(body),
    },
    init.ip ? { incoming: { socket: { remoteAddress: init.ip } } } : undefined,
  );

async function mailsTo(email: string) {
  return (await listLocalMail()).filter((m) => m.to === email);
}

/** The token of the newest mail to `email`, with the link it came in. */
async function lastLink(email: string) {
  const mail = (await mailsTo(email)).at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0] ?? "";
  const token = /#token=([A-Za-z0-9_-]+)$/.exec(link)?.[1] ?? "";
  return { mail, link, token };
}

const tokensOf = (userId: string) =>
  useTransaction((tx) => tx.select().from(authTokenTable).where(eq(authTokenTable.userId, userId)));

const auditOf = (userId: string, action: string) =>
  useTransaction((tx) =>
    tx
      .select()
      .from(auditEventTable)
      .where(and(eq(auditEventTable.entityId, userId), eq(auditEventTable.action, action))),
  );

async function newStaff(email: string) {
  return Auth.createUser({ email, password: PASSWORD, displayName: email.split("@")[0] ?? "x", roles: [] });
}

describe("forgot password → reset → sign in", () => {
  it("mails a reset link whose token is only in the fragment and stored only as its hash", async () => {
    const user = await newStaff("forgetful@example.com");
    const res = await post("/api/v1/auth/password/forgot", { email: "Forgetful@Example.com" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "sent" });
    const { mail, link, token } = await lastLink("forgetful@example.com");
    expect(mail.subject).toMatch(/reset/i);
    expect(mail.from).toBe(useConfig().MAIL_FROM);
    expect(link).toBe(`http://localhost:3999/reset-password#token=${token}`);
    expect(new URL(link).search).toBe("");
    expect(Buffer.from(token, "base64url")).toHaveLength(32);

    const [stored] = await tokensOf(user.id);
    expect(stored?.purpose).toBe("password_reset");
    expect(stored?.tokenHash).toBe(createHash("sha256").update(token).digest("base64url"));
    expect(stored?.tokenHash).not.toContain(token);
    const minutes = ((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0)) / 60_000;
    expect(minutes).toBe(60);
    expect(await auditOf(user.id, "auth.password.reset_requested")).toHaveLength(1);

    const reset = await post("/api/v1/auth/password/reset", { token, password: NEW_PASSWORD });
    expect(reset.status).toBe(204);
    expect(reset.headers.get("location")).toBeNull();
    expect((await signIn(api.request, "forgetful@example.com", PASSWORD)).res.status).toBe(401);
    expect((await signIn(api.request, "forgetful@example.com", NEW_PASSWORD)).res.status).toBe(200);
    expect(await auditOf(user.id, "auth.password.reset")).toHaveLength(1);
  });

  it("an unknown email gets exactly the same answer, and no mail or audit row", async () => {
    await newStaff("known@example.com");
    const before = (await listLocalMail()).length;
    const known = await post("/api/v1/auth/password/forgot", { email: "known@example.com" });
    const unknown = await post("/api/v1/auth/password/forgot", { email: "nobody@example.com" });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    const headersOf = (r: Response) =>
      [...r.headers.entries()].filter(([k]) => !["x-request-id", "ratelimit"].includes(k)).map(([k]) => k);
    expect(headersOf(unknown)).toEqual(headersOf(known));
    expect((await listLocalMail()).length).toBe(before + 1);
    expect(await mailsTo("nobody@example.com")).toHaveLength(0);
  });

  it("a deactivated account and an account of another portal get no mail", async () => {
    const user = await newStaff("gone@example.com");
    await withActor(staffActor(admin, { roles: ["admin"] }), () => Auth.deactivate({ id: user.id }));
    expect((await post("/api/v1/auth/password/forgot", { email: "gone@example.com" })).status).toBe(202);
    expect((await post("/api/v1/customer/auth/password/forgot", { email: "known@example.com" })).status).toBe(202);
    expect(await mailsTo("gone@example.com")).toHaveLength(0);
    expect(await mailsTo("known@example.com")).toHaveLength(1);
  });

  it("a token works once; a used, garbage or expired token gets one 'invalid or expired' answer", async () => {
    const user = await newStaff("once@example.com");
    await post("/api/v1/auth/password/forgot", { email: "once@example.com" });
    const { token } = await lastLink("once@example.com");
    expect((await post("/api/v1/auth/password/reset", { token, password: NEW_PASSWORD })).status).toBe(204);
    const again = await post("/api/v1/auth/password/reset", { token, password: "yet another passphrase" });
    const garbage = await post("/api/v1/auth/password/reset", { token: "x".repeat(43), password: NEW_PASSWORD });
    expect(again.status).toBe(400);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
    const detail = (await again.json()).detail;
    expect(detail).toMatch(/invalid or has expired/);
    expect((await garbage.json()).detail).toBe(detail);

    await post("/api/v1/auth/password/forgot", { email: "once@example.com" });
    const expiring = (await lastLink("once@example.com")).token;
    await useTransaction((tx) =>
      tx
        .update(authTokenTable)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(authTokenTable.tokenHash, createHash("sha256").update(expiring).digest("base64url"))),
    );
    const expired = await post("/api/v1/auth/password/reset", { token: expiring, password: NEW_PASSWORD });
    expect(expired.status).toBe(400);
    expect((await expired.json()).detail).toBe(detail);
    expect((await signIn(api.request, "once@example.com", NEW_PASSWORD)).res.status).toBe(200);
    expect(user.portal).toBe("staff");
  });

  it("asking again invalidates the older link", async () => {
    await newStaff("twice@example.com");
    await post("/api/v1/auth/password/forgot", { email: "twice@example.com" });
    const first = (await lastLink("twice@example.com")).token;
    await post("/api/v1/auth/password/forgot", { email: "twice@example.com" });
    const second = (await lastLink("twice@example.com")).token;
    expect(second).not.toBe(first);
    expect((await post("/api/v1/auth/password/reset", { token: first, password: NEW_PASSWORD })).status).toBe(400);
    expect((await post("/api/v1/auth/password/reset", { token: second, password: NEW_PASSWORD })).status).toBe(204);
  });

  it("a staff token does not work on another portal's reset route", async () => {
    await newStaff("portal@example.com");
    await post("/api/v1/auth/password/forgot", { email: "portal@example.com" });
    const { token } = await lastLink("portal@example.com");
    const res = await post("/api/v1/customer/auth/password/reset", { token, password: NEW_PASSWORD });
    expect(res.status).toBe(400);
  });

  it("a reset signs out every session, and forgets the resetting client's throttled failures", async () => {
    const user = await newStaff("locked@example.com");
    const { cookie } = await signIn(api.request, "locked@example.com", PASSWORD);
    expect((await api.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(200);
    patchConfig({ RATE_LIMIT_LOGIN_EMAIL: 5 });
    try {
      for (let i = 0; i < 5; i++) await signIn(api.request, "locked@example.com", "wrong guess");
      expect((await signIn(api.request, "locked@example.com", PASSWORD)).res.status).toBe(429);

      await post("/api/v1/auth/password/forgot", { email: "locked@example.com" });
      const { token } = await lastLink("locked@example.com");
      expect((await post("/api/v1/auth/password/reset", { token, password: NEW_PASSWORD })).status).toBe(204);

      expect((await api.request("/api/v1/auth/me", { headers: { cookie } })).status).toBe(401);
      expect((await signIn(api.request, "locked@example.com", NEW_PASSWORD)).res.status).toBe(200);
    } finally {
      patchConfig({ RATE_LIMIT_LOGIN_EMAIL: 100000 });
    }
    const [row] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.id, user.id)));
    expect(row?.mustChangePassword).toBe(false);
  });

  it("refuses a short password with a message naming the field", async () => {
    const res = await post("/api/v1/auth/password/reset", { token: "x".repeat(43), password: "short" });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "password" })]));
  });
});

describe("invitations", () => {
  const asAdmin = <T>(fn: () => T) => withActor(staffActor(admin, { roles: ["admin"] }), fn);

  it("invite → accept the emailed link → sign in", async () => {
    const user = await asAdmin(() =>
      Auth.Recovery.invite({ email: "New.Hire@example.com", displayName: "New Hire", roles: [] }),
    );
    expect(user).toMatchObject({ email: "new.hire@example.com", portal: "staff" });
    expect((await signIn(api.request, "new.hire@example.com", "anything at all really")).res.status).toBe(401);
    const { mail, link, token } = await lastLink("new.hire@example.com");
    expect(mail.text).toContain("admin@example.com");
    expect(link).toBe(`http://localhost:3999/accept-invitation#token=${token}`);
    expect(await auditOf(user.id, "user.invited")).toHaveLength(1);

    const res = await post("/api/v1/auth/invitations/accept", { token, password: NEW_PASSWORD, displayName: "Nia" });
    expect(res.status).toBe(204);
    const signed = await signIn(api.request, "new.hire@example.com", NEW_PASSWORD);
    expect(signed.res.status).toBe(200);
    expect((await signed.res.json()).user.displayName).toBe("Nia");
    expect(await auditOf(user.id, "auth.invitation.accepted")).toHaveLength(1);
    expect((await post("/api/v1/auth/invitations/accept", { token, password: NEW_PASSWORD })).status).toBe(400);
  });

  it("a resent invitation replaces the old link; an accepted one cannot be resent", async () => {
    const user = await asAdmin(() =>
      Auth.Recovery.invite({ portal: "reseller", email: "partner@example.com", displayName: "Partner", roles: [] }),
    );
    const first = (await lastLink("partner@example.com")).token;
    await asAdmin(() => Auth.Recovery.resendInvitation({ id: user.id }));
    const { link, token } = await lastLink("partner@example.com");
    expect(link).toBe(`http://localhost:3999/reseller/accept-invitation#token=${token}`);
    expect(
      (await post("/api/v1/reseller/auth/invitations/accept", { token: first, password: NEW_PASSWORD })).status,
    ).toBe(400);
    // A reseller invitation is accepted only through the reseller portal's route.
    expect((await post("/api/v1/auth/invitations/accept", { token, password: NEW_PASSWORD })).status).toBe(400);
    expect((await post("/api/v1/reseller/auth/invitations/accept", { token, password: NEW_PASSWORD })).status).toBe(
      204,
    );
    await expect(asAdmin(() => Auth.Recovery.resendInvitation({ id: user.id }))).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("needs auth:manage, and a failed invitation sends no mail", async () => {
    const clerk = await newStaff("clerk@example.com");
    await expect(
      withActor(staffActor(clerk), () =>
        Auth.Recovery.invite({ email: "sneaky@example.com", displayName: "S", roles: ["admin"] }),
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      asAdmin(() => Auth.Recovery.invite({ email: "clerk@example.com", displayName: "Dup", roles: [] })),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await mailsTo("sneaky@example.com")).toHaveLength(0);
    expect(await mailsTo("clerk@example.com")).toHaveLength(0);
  });
});

describe("customer magic link", () => {
  it("mails a 15-minute link that signs the customer in with the login cookies, once", async () => {
    const customer = await Auth.createUser({
      portal: "customer",
      email: "ada@example.com",
      displayName: "Ada",
      roles: [],
    });
    const res = await post("/api/v1/customer/auth/magic-link", { email: "ada@example.com" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "sent" });
    const { link, token } = await lastLink("ada@example.com");
    expect(link).toBe(`http://localhost:3999/customer/magic-link#token=${token}`);
    const [stored] = await tokensOf(customer.id);
    expect(((stored?.expiresAt.getTime() ?? 0) - (stored?.createdAt.getTime() ?? 0)) / 60_000).toBe(15);

    const verify = await post("/api/v1/customer/auth/magic-link/verify", { token, next: "//evil.example" });
    expect(verify.status).toBe(200);
    const body = await verify.json();
    expect(body).toMatchObject({ user: { email: "ada@example.com", portal: "customer" }, redirectTo: "/customer" });
    const { header, byName } = cookiesOf(verify);
    expect(byName["__Host-dotmac_customer"]).toBeTruthy();
    expect(byName["__Host-dotmac_customer_refresh"]).toBeTruthy();
    expect(byName["__Host-dotmac_csrf"]).toBeTruthy();
    expect((await api.request("/api/v1/customer/auth/me", { headers: { cookie: header } })).status).toBe(200);
    expect(await auditOf(customer.id, "auth.magic_link.used")).toHaveLength(1);

    expect((await post("/api/v1/customer/auth/magic-link/verify", { token })).status).toBe(400);
  });

  it("a staff email gets the same answer and no mail; staff routes have no magic link", async () => {
    await newStaff("staffer@example.com");
    const res = await post("/api/v1/customer/auth/magic-link", { email: "staffer@example.com" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "sent" });
    expect(await mailsTo("staffer@example.com")).toHaveLength(0);
    expect((await post("/api/v1/auth/magic-link", { email: "staffer@example.com" })).status).toBe(401);
  });

  it("a customer with TOTP on gets an MFA challenge instead of a session", async () => {
    const customer = await Auth.createUser({
      portal: "customer",
      email: "totp@example.com",
      displayName: "T",
      roles: [],
    });
    await useTransaction((tx) =>
      tx.update(userTable).set({ totpEnabledAt: new Date() }).where(eq(userTable.id, customer.id)),
    );
    await post("/api/v1/customer/auth/magic-link", { email: "totp@example.com" });
    const { token } = await lastLink("totp@example.com");
    const verify = await post("/api/v1/customer/auth/magic-link/verify", { token });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ mfaRequired: true, mfaToken: expect.any(String) });
    expect(verify.headers.getSetCookie()).toEqual([]);
  });
});

describe("rate limits", () => {
  it("per email: the fourth request in the window is a 429 with Retry-After", async () => {
    patchConfig({ RATE_LIMIT_RECOVERY_EMAIL: 3 });
    try {
      for (let i = 0; i < 3; i++) {
        expect((await post("/api/v1/auth/password/forgot", { email: "flood@example.com" })).status).toBe(202);
      }
      const res = await post("/api/v1/auth/password/forgot", { email: "flood@example.com" });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await post("/api/v1/customer/auth/magic-link", { email: "flood@example.com" })).status).toBe(202);
    } finally {
      patchConfig({ RATE_LIMIT_RECOVERY_EMAIL: 100000 });
    }
  });

  it("per IP: many emails from one address are refused, another address is not", async () => {
    patchConfig({ RATE_LIMIT_RECOVERY_IP: 5 });
    try {
      for (let i = 0; i < 5; i++) {
        const res = await post(
          "/api/v1/auth/password/forgot",
          { email: `spray${i}@example.com` },
          { ip: "203.0.113.9" },
        );
        expect(res.status).toBe(202);
      }
      const refused = await post(
        "/api/v1/auth/password/forgot",
        { email: "spray9@example.com" },
        { ip: "203.0.113.9" },
      );
      expect(refused.status).toBe(429);
      const magic = await post(
        "/api/v1/customer/auth/magic-link",
        { email: "spray9@example.com" },
        { ip: "203.0.113.9" },
      );
      expect(magic.status).toBe(202);
      const other = await post("/api/v1/auth/password/forgot", { email: "spray9@example.com" }, { ip: "203.0.113.10" });
      expect(other.status).toBe(202);
    } finally {
      patchConfig({ RATE_LIMIT_RECOVERY_IP: 100000 });
    }
  });
});

describe("mail port", () => {
  it("sends only after the transaction commits; a rollback sends nothing", async () => {
    const message = { subject: "Hello", text: "body", html: "<p>body</p>" };
    let seenInside = -1;
    await createTransaction(async () => {
      await useMailer().send({ ...message, to: "commit@example.com" });
      seenInside = (await mailsTo("commit@example.com")).length;
    });
    expect(seenInside).toBe(0);
    const [mail] = await mailsTo("commit@example.com");
    expect(mail).toMatchObject({ ...message, to: "commit@example.com", from: "DotMac CRM <no-reply@localhost>" });
    expect(Date.parse(mail?.sentAt ?? "")).toBeGreaterThan(0);

    await expect(
      createTransaction(async () => {
        await useMailer().send({ ...message, to: "rollback@example.com" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await mailsTo("rollback@example.com")).toHaveLength(0);
  });
});
