import { requirePermission } from "@dotmac/core/access";
import * as Auth from "@dotmac/core/auth";
import { userTable } from "@dotmac/core/auth/auth.sql";
import { type Actor, withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";

let t: TestDatabase;
const PASSWORD = "a long enough passphrase";
let admin: Actor;
beforeAll(async () => {
  t = await setupTestDatabase();
  const boss = await Auth.createUser({
    email: "mfa-boss@example.com",
    password: PASSWORD,
    displayName: "Boss",
    roles: ["admin"],
  });
  admin = staffActor(boss);
});
afterAll(() => t.close());

let n = 0;
async function newUser(extra: Partial<Parameters<typeof Auth.createUser>[0]> = {}) {
  const email = `mfa${++n}@example.com`;
  const user = await Auth.createUser({ email, password: PASSWORD, displayName: `User ${n}`, ...extra });
  return { user, email, portal: user.portal };
}

async function tokensOf(email: string, portal: Auth.Portal = "staff"): Promise<Auth.Tokens> {
  const result = await Auth.login({ email, password: PASSWORD, portal });
  if ("mfaRequired" in result) throw new Error("expected a session, got an MFA challenge");
  return result;
}

/** Acts as the holder of an access token, exactly as the HTTP middleware resolves it. */
async function as<T>(tokens: Auth.Tokens, fn: () => Promise<T>): Promise<T> {
  const actor: Actor = { type: "user", properties: await Auth.verifySession(tokens.accessToken, tokens.user.portal) };
  return withActor(actor, fn);
}

/** Turns TOTP on for a signed-in account; returns the base32 secret and the recovery codes. */
async function enrol(tokens: Auth.Tokens) {
  const { secret, uri, qrSvg } = await as(tokens, () => Auth.Mfa.setup());
  expect(uri).toMatch(/^otpauth:\/\/totp\/DotMac%20CRM:/);
  expect(qrSvg).toMatch(/^<svg/);
  const { recoveryCodes } = await as(tokens, () => Auth.Mfa.confirm({ code: Auth.Mfa.codeFor(secret) }));
  return { secret, recoveryCodes };
}

async function challengeOf(email: string, portal: Auth.Portal = "staff") {
  const result = await Auth.login({ email, password: PASSWORD, portal });
  if (!("mfaRequired" in result)) throw new Error("expected an MFA challenge");
  return result;
}

const at = (seconds: number) => new Date(Date.now() + seconds * 1000);
const invalidCode = expect.objectContaining({ code: "validation" });

describe(`TOTP two-factor authentication on ${dbKind}`, () => {
  it("set-up stores the secret encrypted and turns on only after a correct code; ten recovery codes once", async () => {
    const { email } = await newUser();
    const tokens = await tokensOf(email);
    const { secret } = await as(tokens, () => Auth.Mfa.setup());
    const [row] = await useTransaction((tx) => tx.select().from(userTable).where(eq(userTable.email, email)));
    expect(row?.totpSecret).toMatch(/^v1\./);
    expect(row?.totpSecret).not.toContain(secret);
    expect(row?.totpEnabledAt).toBeNull();
    await expect(as(tokens, () => Auth.Mfa.confirm({ code: "000000" }))).rejects.toEqual(invalidCode);
    const { recoveryCodes } = await as(tokens, () => Auth.Mfa.confirm({ code: Auth.Mfa.codeFor(secret) }));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    // A second set-up is refused while it is on.
    await expect(as(tokens, () => Auth.Mfa.setup())).rejects.toMatchObject({ code: "conflict" });
  });

  it("sign-in asks for the code; one step of drift either way passes, two do not, and a code never works twice", async () => {
    const { email } = await newUser();
    const { secret } = await enrol(await tokensOf(email));

    const first = await challengeOf(email);
    expect(first.mfaToken.split(".")).toHaveLength(3);
    const tooOld = Auth.Mfa.codeFor(secret, at(-75));
    const tooNew = Auth.Mfa.codeFor(secret, at(75));
    for (const code of [tooOld, tooNew, "1234567", "abcdef"]) {
      if (code === Auth.Mfa.codeFor(secret)) continue; // a coincidence of two 6-digit codes
      await expect(Auth.Mfa.verifyLogin({ portal: "staff", mfaToken: first.mfaToken, code })).rejects.toBeTruthy();
    }
    // The next step's code (a phone clock 30 s ahead) is accepted and opens an MFA-verified session.
    const ahead = Auth.Mfa.codeFor(secret, at(30));
    const session = await Auth.Mfa.verifyLogin({ portal: "staff", mfaToken: first.mfaToken, code: ahead });
    expect(session.refreshToken).toBeDefined();
    const sessions = await as(session, () => Auth.listSessions());
    expect(sessions.find((s) => s.current)?.mfa).toBe(true);

    // The same code again, and the current step's (earlier than the one used), are refused: no replay.
    const second = await challengeOf(email);
    await expect(Auth.Mfa.verifyLogin({ portal: "staff", mfaToken: second.mfaToken, code: ahead })).rejects.toEqual(
      invalidCode,
    );
    await expect(
      Auth.Mfa.verifyLogin({ portal: "staff", mfaToken: second.mfaToken, code: Auth.Mfa.codeFor(secret) }),
    ).rejects.toEqual(invalidCode);
  });

  it("a recovery code signs in once; the challenge is bound to its portal and expires", async () => {
    const { email, user } = await newUser();
    const { recoveryCodes } = await enrol(await tokensOf(email));
    const [code] = recoveryCodes as [string];
    const challenge = await challengeOf(email);
    // Not on another portal's verify route.
    await expect(
      Auth.Mfa.verifyLogin({ portal: "customer", mfaToken: challenge.mfaToken, code }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    const session = await Auth.Mfa.verifyLogin({
      portal: "staff",
      mfaToken: challenge.mfaToken,
      code: code.toUpperCase(),
    });
    expect(session.user.id).toBe(user.id);
    const again = await challengeOf(email);
    await expect(Auth.Mfa.verifyLogin({ portal: "staff", mfaToken: again.mfaToken, code })).rejects.toEqual(
      invalidCode,
    );
    expect(await Auth.Mfa.countRecoveryCodes(user.id)).toBe(9);
    // A challenge minted six minutes ago has expired.
    const stale = await Auth.Mfa.challenge(user, at(-6 * 60));
    await expect(
      Auth.Mfa.verifyLogin({ portal: "staff", mfaToken: stale.mfaToken, code: recoveryCodes[1] as string }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("a role marked MFA-required restricts its holders until they set it up, and then cannot be turned off", async () => {
    await withActor(admin, () =>
      Auth.Rbac.createRole({ name: "billing_clerk", permissions: ["customer:read"], mfaRequired: true }),
    );
    const { email } = await newUser({ roles: ["billing_clerk"] });
    const tokens = await tokensOf(email);
    const before = await Auth.verifySession(tokens.accessToken, "staff");
    expect(before.restriction).toBe("mfa_setup");
    expect(() => withActor({ type: "user", properties: before }, () => requirePermission("customer:read"))).toThrow(
      /two-factor/,
    );
    const { secret } = await enrol(tokens);
    const after = await Auth.verifySession(tokens.accessToken, "staff");
    expect(after.restriction).toBeUndefined();
    withActor({ type: "user", properties: after }, () => requirePermission("customer:read"));
    await expect(as(tokens, () => Auth.Mfa.disable({ code: Auth.Mfa.codeFor(secret, at(30)) }))).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("a built-in role can be marked MFA-required by an administrator; vendors always need it", async () => {
    await withActor(admin, () => Auth.Rbac.updateRole({ name: "auditor", mfaRequired: true }));
    const { email } = await newUser({ roles: ["auditor"] });
    expect((await Auth.verifySession((await tokensOf(email)).accessToken, "staff")).restriction).toBe("mfa_setup");
    await withActor(admin, () => Auth.Rbac.updateRole({ name: "auditor", mfaRequired: false }));
    expect((await Auth.verifySession((await tokensOf(email)).accessToken, "staff")).restriction).toBeUndefined();

    const vendor = await newUser({ portal: "vendor" });
    const vendorTokens = await tokensOf(vendor.email, "vendor");
    expect((await Auth.verifySession(vendorTokens.accessToken, "vendor")).restriction).toBe("mfa_setup");
  });

  it("turning it off needs a current code; an administrator's reset clears it and ends every session", async () => {
    const { email, user } = await newUser();
    const tokens = await tokensOf(email);
    const { secret } = await enrol(tokens);
    await expect(as(tokens, () => Auth.Mfa.disable({ code: "000000" }))).rejects.toEqual(invalidCode);
    await as(tokens, () => Auth.Mfa.disable({ code: Auth.Mfa.codeFor(secret, at(30)) }));
    // Off: the password alone signs in again.
    const plain = await tokensOf(email);
    await enrol(plain);
    const challenge = await challengeOf(email);
    expect(challenge.mfaRequired).toBe(true);

    const other = await newUser();
    const otherTokens = await tokensOf(other.email);
    await expect(as(otherTokens, () => Auth.Mfa.reset({ id: user.id }))).rejects.toMatchObject({ code: "forbidden" });
    await withActor(admin, () => Auth.Mfa.reset({ id: user.id }));
    await expect(Auth.verifySession(plain.accessToken, "staff")).rejects.toMatchObject({ code: "unauthenticated" });
    expect("mfaRequired" in (await Auth.login({ email, password: PASSWORD }))).toBe(false);
  });

  it("a forced password change restricts the session until the password is changed", async () => {
    const { email, user } = await newUser();
    await useTransaction((tx) =>
      tx.update(userTable).set({ mustChangePassword: true }).where(eq(userTable.id, user.id)),
    );
    const tokens = await tokensOf(email);
    const props = await Auth.verifySession(tokens.accessToken, "staff");
    expect(props.restriction).toBe("password_change");
    expect(() => withActor({ type: "user", properties: props }, () => requirePermission("customer:read"))).toThrow(
      /new password/,
    );
    await as(tokens, () => Auth.changePassword({ current: PASSWORD, next: "another long passphrase" }));
    const fresh = await Auth.login({ email, password: "another long passphrase" });
    if ("mfaRequired" in fresh) throw new Error("unexpected challenge");
    expect((await Auth.verifySession(fresh.accessToken, "staff")).restriction).toBeUndefined();
  });
});
