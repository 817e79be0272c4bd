import * as Audit from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

/** Signs in with a password only (these accounts have no MFA). */
async function signIn(credentials: { email: string; password: string }): Promise<Auth.Tokens> {
  const result = await Auth.login(credentials);
  if ("mfaRequired" in result) throw new Error("unexpected MFA challenge");
  return result;
}

let t: TestDatabase;
const PASSWORD = "a long enough passphrase";
let admin: Actor;
beforeAll(async () => {
  t = await setupTestDatabase();
  const boss = await Auth.createUser({
    email: "boss@example.com",
    password: PASSWORD,
    displayName: "Boss",
    roles: ["admin"],
  });
  admin = staffActor(boss);
});
afterAll(() => t.close());

let n = 0;
async function newUser() {
  const email = `user${++n}@example.com`;
  const user = await Auth.createUser({ email, password: PASSWORD, displayName: `User ${n}`, roles: [] });
  return { user, email };
}

/** Acts as the holder of an access token, as the HTTP middleware would. */
async function as<T>(accessToken: string, fn: () => Promise<T>): Promise<T> {
  const actor: Actor = { type: "user", properties: await Auth.verifySession(accessToken, "staff") };
  return withActor(actor, fn);
}

const seconds = (s: number) => new Date(Date.now() + s * 1000);
const unauthenticated = expect.objectContaining({ code: "unauthenticated" });

describe(`sessions with rotating refresh tokens on ${dbKind}`, () => {
  it("sign-in opens a session: a 15-minute access token carrying its id and a refresh token", async () => {
    const { email, user } = await newUser();
    const signedIn = await signIn({ email, password: PASSWORD });
    expect(signedIn.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(signedIn.accessExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    const verified = await Auth.verifySession(signedIn.accessToken, "staff");
    expect(verified).toMatchObject({ userId: user.id, sessionId: signedIn.sessionId });
    // Expired after 15 minutes.
    await expect(Auth.verifySession(signedIn.accessToken, "staff", seconds(15 * 60 + 5))).rejects.toEqual(
      unauthenticated,
    );
  });

  it("rotates: each refresh gives a new refresh token and a working access token for the same session", async () => {
    const { email } = await newUser();
    const first = await signIn({ email, password: PASSWORD });
    const second = await Auth.refresh(first.refreshToken as string, "staff");
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.sessionId).toBe(first.sessionId);
    expect((await Auth.verifySession(second.accessToken, "staff")).sessionId).toBe(first.sessionId);
    const third = await Auth.refresh(second.refreshToken as string, "staff");
    expect(third.sessionId).toBe(first.sessionId);
  });

  it("reuse within the 30 s grace (two tabs) gets an access token but never the newest refresh token", async () => {
    const { email } = await newUser();
    const first = await signIn({ email, password: PASSWORD });
    const rotatedAt = seconds(1);
    const second = await Auth.refresh(first.refreshToken as string, "staff", rotatedAt);
    const late = await Auth.refresh(first.refreshToken as string, "staff", new Date(rotatedAt.getTime() + 29_000));
    expect(late.refreshToken).toBeUndefined();
    expect(late.sessionId).toBe(first.sessionId);
    expect((await Auth.verifySession(late.accessToken, "staff")).sessionId).toBe(first.sessionId);
    // The session lives on: the newest token still rotates.
    expect((await Auth.refresh(second.refreshToken as string, "staff", seconds(40))).refreshToken).toBeDefined();
  });

  it("reuse after the grace revokes the whole session: the newest refresh and access tokens stop working", async () => {
    const { email } = await newUser();
    const first = await signIn({ email, password: PASSWORD });
    const second = await Auth.refresh(first.refreshToken as string, "staff");
    await expect(Auth.refresh(first.refreshToken as string, "staff", seconds(31))).rejects.toEqual(unauthenticated);
    await expect(Auth.refresh(second.refreshToken as string, "staff", seconds(32))).rejects.toEqual(unauthenticated);
    await expect(Auth.verifySession(second.accessToken, "staff")).rejects.toEqual(unauthenticated);
    const audit = await withActor(admin, () => Audit.list({ action: "auth.session.reuse_detected" }));
    expect(audit.items.map((e) => e.entityId)).toContain(first.sessionId);
  });

  it("refuses unknown, expired (absolute and idle) and revoked sessions", async () => {
    await expect(Auth.refresh("x".repeat(43), "staff")).rejects.toEqual(unauthenticated);
    const { email } = await newUser();
    const a = await signIn({ email, password: PASSWORD });
    await expect(Auth.refresh(a.refreshToken as string, "staff", seconds(8 * 24 * 3600))).rejects.toEqual(
      unauthenticated,
    );
    // Kept alive by use every six days, it still ends 30 days after sign-in.
    let token = a.refreshToken as string;
    for (const day of [6, 12, 18, 24])
      token = (await Auth.refresh(token, "staff", seconds(day * 24 * 3600))).refreshToken as string;
    await expect(Auth.refresh(token, "staff", seconds(30 * 24 * 3600 + 60))).rejects.toEqual(unauthenticated);

    const b = await signIn({ email, password: PASSWORD });
    await as(b.accessToken, () => Auth.logout());
    await expect(Auth.refresh(b.refreshToken as string, "staff")).rejects.toEqual(unauthenticated);
    await expect(Auth.verifySession(b.accessToken, "staff")).rejects.toEqual(unauthenticated);
  });

  it("lists only your own live sessions, flags the current one, and revokes only your own", async () => {
    const { email } = await newUser();
    const other = await newUser();
    const laptop = await signIn({ email, password: PASSWORD });
    const phone = await signIn({ email, password: PASSWORD });
    const theirs = await signIn({ email: other.email, password: PASSWORD });
    const listed = await as(laptop.accessToken, () => Auth.listSessions());
    expect(listed.map((s) => s.id).sort()).toEqual([laptop.sessionId, phone.sessionId].sort());
    expect(listed.find((s) => s.current)?.id).toBe(laptop.sessionId);

    await expect(as(laptop.accessToken, () => Auth.revokeSession({ id: theirs.sessionId }))).rejects.toEqual(
      expect.objectContaining({ code: "not_found" }),
    );
    expect((await Auth.verifySession(theirs.accessToken, "staff")).sessionId).toBe(theirs.sessionId);

    expect(await as(laptop.accessToken, () => Auth.revokeSession({ id: phone.sessionId }))).toEqual({ current: false });
    await expect(Auth.verifySession(phone.accessToken, "staff")).rejects.toEqual(unauthenticated);
    expect((await as(laptop.accessToken, () => Auth.listSessions())).map((s) => s.id)).toEqual([laptop.sessionId]);
  });

  it("changing the password revokes every session at once; the old password stops working", async () => {
    const { email } = await newUser();
    const a = await signIn({ email, password: PASSWORD });
    const b = await signIn({ email, password: PASSWORD });
    await expect(
      as(a.accessToken, () => Auth.changePassword({ current: "wrong one", next: "a brand new passphrase" })),
    ).rejects.toEqual(expect.objectContaining({ code: "validation" }));
    expect(
      await as(a.accessToken, () => Auth.changePassword({ current: PASSWORD, next: "a brand new passphrase" })),
    ).toEqual({ revokedSessions: 2 });
    for (const s of [a, b]) {
      await expect(Auth.verifySession(s.accessToken, "staff")).rejects.toEqual(unauthenticated);
      await expect(Auth.refresh(s.refreshToken as string, "staff")).rejects.toEqual(unauthenticated);
    }
    await expect(signIn({ email, password: PASSWORD })).rejects.toEqual(unauthenticated);
    expect((await signIn({ email, password: "a brand new passphrase" })).accessToken).toBeTruthy();
  });

  it("deactivation (admins only) revokes every session of the user at once", async () => {
    const { email, user } = await newUser();
    const peer = await newUser();
    const s = await signIn({ email, password: PASSWORD });
    const peerSession = await signIn({ email: peer.email, password: PASSWORD });
    await expect(as(peerSession.accessToken, () => Auth.deactivate({ id: user.id }))).rejects.toEqual(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect((await Auth.verifySession(s.accessToken, "staff")).userId).toBe(user.id);
    await withActor(admin, () => Auth.deactivate({ id: user.id }));
    await expect(Auth.verifySession(s.accessToken, "staff")).rejects.toEqual(unauthenticated);
    await expect(Auth.refresh(s.refreshToken as string, "staff")).rejects.toEqual(unauthenticated);
    await expect(signIn({ email, password: PASSWORD })).rejects.toEqual(unauthenticated);
    const audit = await withActor(admin, () => Audit.list({ action: "user.deactivated", entityId: user.id }));
    expect(audit.items).toHaveLength(1);
  });
});
