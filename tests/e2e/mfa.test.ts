import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { type collectProblems, openPortal, type Portal, screenshot } from "../support/e2e";

let page: Page;
let problems: ReturnType<typeof collectProblems>;
let portal: Portal;
let base: string;
const PASSWORD = "an e2e passphrase for mfa";
let secret = "";

beforeAll(async () => {
  portal = await openPortal({ name: "mfa" });
  ({ base, page, problems } = portal);
  const admin = await Auth.fromEmail(portal.login.email);
  if (!admin) throw new Error("the demo admin is missing");
  await Auth.createUser({
    email: "mfa-agent@demo-isp.example",
    password: PASSWORD,
    displayName: "Ada Agent",
    roles: ["support"],
  });
  await withActor(staffActor(admin), () =>
    Auth.Rbac.createRole({
      name: "noc",
      description: "Network operations",
      permissions: ["system:monitoring:read"],
      mfaRequired: true,
    }),
  );
  await Auth.createUser({ email: "noc@demo-isp.example", password: PASSWORD, displayName: "Nora NOC", roles: ["noc"] });
});

afterAll(() => portal?.stop());

const heading = (name: string | RegExp) => page.getByRole("heading", { name, level: 1 });
/** The code of the step `offset` steps from now: each sign-in step uses a later one (codes never work twice). */
const codeAt = (offset: number) => Auth.Mfa.codeFor(secret, new Date(Date.now() + offset * 30_000));

async function signIn(email: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function readSecret(): Promise<string> {
  const shown = await page.getByTestId("totp-secret").textContent();
  return (shown ?? "").replace(/\s/g, "");
}

describe("two-factor authentication in the staff portal", () => {
  it("an agent turns it on from Profile: QR code, a code from the app, recovery codes shown once", async () => {
    await signIn("mfa-agent@demo-isp.example");
    // An agent lands on the support dashboard; the nav hides what they cannot open.
    await page.waitForURL(/\/support$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "System status" }).count()).toBe(0);
    expect(await nav.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    await nav.getByRole("link", { name: "Profile" }).click();
    await page.waitForURL(/\/profile$/);

    const section = page.getByRole("region", { name: "Two-factor authentication" });
    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    secret = await readSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(page, "mfa-setup-qr");

    await page.getByLabel("Enter the 6-digit code the app shows").fill("000000");
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();

    await page.getByLabel("Enter the 6-digit code the app shows").fill(codeAt(0));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await screenshot(page, "mfa-recovery-codes");
    await page.getByRole("button", { name: "I saved my codes" }).click();
    await section.getByText("10 recovery codes left").waitFor();
    await section.getByText("On", { exact: true }).waitFor();
  });

  it("signing in now asks for the code after the password; a wrong code says so and keeps the step", async () => {
    await page
      .getByRole("banner")
      .getByRole("button", { name: /Sign out/ })
      .click();
    await page.waitForURL(/\/login/);
    await signIn("mfa-agent@demo-isp.example");
    await heading("Two-factor authentication").waitFor();
    const code = page.getByLabel("Authentication code");
    expect(await code.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
    await code.fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
    await screenshot(page, "mfa-code-step");
    await code.fill(codeAt(1));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/support$/);
    // The session is marked as verified with a second factor; no token ever reached the address bar.
    expect(page.url()).toBe(`${base}/support`);
  });

  it("a role that requires MFA sends its holder to set it up before anything else, then on to work", async () => {
    await page
      .getByRole("banner")
      .getByRole("button", { name: /Sign out/ })
      .click();
    await page.waitForURL(/\/login/);
    await signIn("noc@demo-isp.example");
    await page.waitForURL(/\/mfa-setup$/);
    await heading("Set up two-factor authentication").waitFor();
    await page.getByText("Your account requires a second step at sign-in").waitFor();
    // Going around it does not work: the shell sends the user back.
    await page.goto(`${base}/status`);
    await page.waitForURL(/\/mfa-setup$/);
    await page.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    secret = await readSecret();
    await screenshot(page, "mfa-forced-setup");
    await page.getByLabel("Enter the 6-digit code the app shows").fill(codeAt(0));
    await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await page.getByRole("button", { name: "I saved my codes" }).click();
    await page.waitForURL(/\/status$/);
    await heading("System status").waitFor();
    expect(problems.page).toEqual([]);
  });
});
