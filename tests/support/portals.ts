import * as Auth from "@dotmac/core/auth";
import * as Organization from "@dotmac/core/organization";
import { withActor } from "@dotmac/core/platform/context";
import * as Subscriber from "@dotmac/core/subscriber";
import { staffActor } from "./actors";
import { ORIGIN, type testApp } from "./api";

export const PASSWORD = "correct horse battery staple";
const system = { type: "system", properties: { job: "test.fixture" } } as const;
type Request = ReturnType<typeof testApp>["request"];

/** A subscriber synced in from billing, then linked to its organisation or person as staff would. */
export async function newSubscriber(
  number: string,
  link: { organizationId?: string; personId?: string } = {},
): Promise<string> {
  const { subscriberId } = await withActor({ type: "webhook", properties: { provider: "test" } }, () =>
    Subscriber.sync({
      externalSystem: "billing",
      externalId: `ext-${number}`,
      subscriberNumber: number,
      status: "active",
      planName: `Plan of ${number}`,
      planSpeed: "100 Mbps",
      serviceAddress: { line1: `${number} Marina Road`, city: "Lagos", country: "NG" },
      sourceUpdatedAt: new Date(),
    }),
  );
  if (link.organizationId || link.personId) {
    const staff = staffActor({ id: "00000000-0000-7000-8000-000000000000", email: "fixture@example.com" });
    await withActor(staff, () => Subscriber.link({ subscriberId, ...link }));
  }
  return subscriberId;
}

export const newOrganization = (name: string, accountType: "reseller" | "vendor" | "customer", parentId?: string) =>
  withActor(system, () => Organization.create({ name, accountType, parentId: parentId ?? null }));

export const newAccount = (input: Parameters<typeof Auth.createUser>[0]) =>
  Auth.createUser({ password: PASSWORD, roles: [], ...input });

/**
 * Two resellers side by side (A with a child organisation, B a sibling), customers of each, and a
 * vendor: everything the portal and IDOR stories need.
 */
export async function portalWorld(prefix: string) {
  const resellerA = await newOrganization(`${prefix} Reseller A`, "reseller");
  const childA = await newOrganization(`${prefix} Child of A`, "customer", resellerA.id);
  const resellerB = await newOrganization(`${prefix} Reseller B`, "reseller");
  const vendor = await newOrganization(`${prefix} Vendor`, "vendor");
  const otherVendor = await newOrganization(`${prefix} Other vendor`, "vendor");
  const subA = await newSubscriber(`${prefix}-A1`, { organizationId: resellerA.id });
  const subChild = await newSubscriber(`${prefix}-C1`, { organizationId: childA.id });
  const subB = await newSubscriber(`${prefix}-B1`, { organizationId: resellerB.id });
  const mail = (who: string) => `${prefix.toLowerCase()}-${who}@example.com`;
  const customer = await newAccount({
    portal: "customer",
    email: mail("cust"),
    displayName: "Ada",
    subscriberId: subA,
  });
  const otherCustomer = await newAccount({
    portal: "customer",
    email: mail("cust2"),
    displayName: "Bola",
    subscriberId: subB,
  });
  const adminA = await newAccount({
    portal: "reseller",
    email: mail("admin-a"),
    displayName: "Admin A",
    roles: ["reseller_admin"],
    organizationId: resellerA.id,
  });
  const memberA = await newAccount({
    portal: "reseller",
    email: mail("member-a"),
    displayName: "Member A",
    roles: ["reseller_member"],
    organizationId: resellerA.id,
  });
  const adminB = await newAccount({
    portal: "reseller",
    email: mail("admin-b"),
    displayName: "Admin B",
    roles: ["reseller_admin"],
    organizationId: resellerB.id,
  });
  const vendorUser = await newAccount({
    portal: "vendor",
    email: mail("vendor"),
    displayName: "Vera Vendor",
    organizationId: vendor.id,
  });
  const otherVendorUser = await newAccount({
    portal: "vendor",
    email: mail("vendor2"),
    displayName: "Otto Vendor",
    organizationId: otherVendor.id,
  });
  const staff = await Auth.createUser({
    email: mail("staff"),
    password: PASSWORD,
    displayName: "Staff",
    roles: ["admin"],
  });
  return {
    orgs: { resellerA, childA, resellerB, vendor, otherVendor },
    subscribers: { subA, subChild, subB },
    accounts: { customer, otherCustomer, adminA, memberA, adminB, vendorUser, otherVendorUser, staff },
  };
}

const authBase = (portal: Auth.Portal) => (portal === "staff" ? "/api/v1/auth" : `/api/v1/${portal}/auth`);

/** Signs in to one portal as a browser does: its cookies and the CSRF value to echo. */
export async function portalSignIn(request: Request, portal: Auth.Portal, email: string, password = PASSWORD) {
  const res = await request(`${authBase(portal)}/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  const byName: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const at = pair.indexOf("=");
    byName[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const cookie = Object.entries(byName)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return { res, cookie, csrf: byName["__Host-dotmac_csrf"] ?? "", byName };
}

/** Signs in a bearer client (`x-client: app`): the tokens come in the body. */
export async function appSignIn(request: Request, portal: Auth.Portal, email: string, password = PASSWORD) {
  const res = await request(`${authBase(portal)}/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-client": "app" },
    body: JSON.stringify({ email, password }),
  });
  return (await res.json()) as { accessToken: string; refreshToken: string };
}

/** A vendor bearer session with TOTP set up and confirmed, as the vendor's first sign-in would end. */
export async function vendorWithMfa(request: Request, email: string) {
  const tokens = await appSignIn(request, "vendor", email);
  const auth = { authorization: `Bearer ${tokens.accessToken}`, "content-type": "application/json" };
  const setup = await request("/api/v1/vendor/auth/mfa/setup", { method: "POST", headers: auth });
  const { secret } = (await setup.json()) as { secret: string };
  const confirm = await request("/api/v1/vendor/auth/mfa/confirm", {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ code: Auth.Mfa.codeFor(secret) }),
  });
  if (confirm.status !== 200) throw new Error(`MFA confirm failed: ${confirm.status} ${await confirm.text()}`);
  return { ...tokens, secret, headers: { authorization: `Bearer ${tokens.accessToken}` } };
}
