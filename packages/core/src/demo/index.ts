import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { asc } from "drizzle-orm";
import * as Auth from "../auth";
import * as Organization from "../organization";
import { useConfig } from "../platform/config";
import { type Actor, withActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import * as Subscriber from "../subscriber";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { seedCampaigns } from "./campaigns";
import { DEMO_TECHNICIAN_EMAIL, seedDispatch } from "./dispatch";
import { seedInventory } from "./inventory";
import { seedProjects } from "./projects";
import { seedQuotes } from "./quotes";
import { seedReseller } from "./reseller";
import { seedSales } from "./sales";
import { seedSupport } from "./support";
import { seedTimecost } from "./timecost";
import { seedVendorProjects } from "./vendor";
import { seedWidget } from "./widget";
import { seedWorkOrders } from "./workorders";

export { seedCampaigns } from "./campaigns";
export { DEMO_DISPATCHER_EMAIL, DEMO_TECHNICIAN_EMAIL, type DemoDispatch, seedDispatch } from "./dispatch";
export { DEMO_SUPPORT_ADDRESS, seedEmailChannel } from "./email";
export { DEMO_STOREKEEPER_EMAIL, seedInventory } from "./inventory";
export { seedMetaChannels } from "./meta";
export {
  DEMO_PAGE_ID,
  DEMO_WHATSAPP_PHONE_NUMBER_ID,
  demoMetaDeliveries,
  localMetaSecrets,
  type MetaSecrets,
  sendDemoMeta,
} from "./meta-payloads";
export { seedReseller } from "./reseller";
export { DEMO_SALES_EMAIL, seedSales } from "./sales";
export { DEMO_AGENT_EMAIL } from "./support";
export { seedTimecost } from "./timecost";
export { DEMO_WIDGET_ID } from "./widget";
export { seedWorkOrders } from "./workorders";

export const DEMO_ADMIN_EMAIL = "admin@demo-isp.example";

/** The demo accounts of the other portals; they share the admin's generated password. */
export const DEMO_PORTAL_LOGINS = [
  { portal: "customer", label: "Customer portal", email: "customer@demo-isp.example", path: "/customer/login" },
  { portal: "reseller", label: "Reseller portal", email: "reseller@demo-isp.example", path: "/reseller/login" },
  { portal: "vendor", label: "Vendor portal", email: "vendor@demo-isp.example", path: "/vendor/login" },
  { portal: "staff", label: "Dispatcher", email: "dispatch@demo-isp.example", path: "/login" },
  { portal: "staff", label: "Technician", email: "tech@demo-isp.example", path: "/login" },
] as const satisfies readonly { portal: Auth.Portal; label: string; email: string; path: string }[];
type DemoPortal = (typeof DEMO_PORTAL_LOGINS)[number]["portal"];
const demoEmail = (portal: DemoPortal) => DEMO_PORTAL_LOGINS.find((l) => l.portal === portal)?.email as string;

/**
 * The billing webhook secret on one machine when BILLING_WEBHOOK_SECRETS is unset: generated once
 * into DATA_DIR so a newcomer can send signed webhooks at once (`npm run webhook:send`). On AWS no
 * secret means every webhook is refused.
 */
export function localWebhookSecret(): string {
  const file = join(useConfig().DATA_DIR, "billing-webhook-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  mkdirSync(useConfig().DATA_DIR, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const asSystem = <T>(fn: () => T) => withActor({ type: "system", properties: { job: "demo.seed" } }, fn);
const asBilling = <T>(fn: () => T) => withActor({ type: "webhook", properties: { provider: "demo-seed" } }, fn);

interface DemoSubscriber {
  id: string;
  number: string;
  status: "active" | "suspended" | "pending" | "terminated";
  plan: string;
  speed?: string;
  line1: string;
  city: string;
}

/** Syncs one subscriber through the real billing verb (a re-run is a no-op: the update is not newer). */
async function syncSubscriber(s: DemoSubscriber, updatedAt: Date): Promise<string> {
  const { subscriberId } = await asBilling(() =>
    Subscriber.sync({
      externalSystem: "billing",
      externalId: s.id,
      subscriberNumber: s.number,
      status: s.status,
      planName: s.plan,
      planSpeed: s.speed ?? null,
      serviceAddress: { line1: s.line1, city: s.city, country: "NG" },
      sourceUpdatedAt: updatedAt,
    }),
  );
  return subscriberId;
}

const resellerSubscribers: DemoSubscriber[] = [
  {
    id: "demo-2001",
    number: "SUB-002001",
    status: "active",
    plan: "Fibre 200",
    speed: "200 Mbps",
    line1: "4 Admiralty Way",
    city: "Lagos",
  },
  {
    id: "demo-2002",
    number: "SUB-002002",
    status: "active",
    plan: "Fibre 100",
    speed: "100 Mbps",
    line1: "18 Adeola Odeku Street",
    city: "Lagos",
  },
  {
    id: "demo-2003",
    number: "SUB-002003",
    status: "suspended",
    plan: "AirFibre 20",
    speed: "20 Mbps",
    line1: "7 Ozumba Mbadiwe Avenue",
    city: "Lagos",
  },
];
const childSubscribers: DemoSubscriber[] = [
  {
    id: "demo-2101",
    number: "SUB-002101",
    status: "active",
    plan: "Business Fibre 500",
    speed: "500 Mbps",
    line1: "1 Lekki Phase 1",
    city: "Lagos",
  },
  {
    id: "demo-2102",
    number: "SUB-002102",
    status: "pending",
    plan: "Fibre 100",
    speed: "100 Mbps",
    line1: "22 Chevron Drive",
    city: "Lagos",
  },
];

/**
 * The other portals' demo data, each block once (skipped when its account exists) and in one
 * transaction: a reseller with a child organisation and subscribers in each, a customer linked to
 * a subscriber, and a vendor organisation with its account (TOTP is set up at first sign-in).
 */
async function seedPortals(password: string, admin: Actor) {
  const now = Date.now();
  if (!(await Auth.fromEmail(demoEmail("reseller"), "reseller"))) {
    await createTransaction(async () => {
      const reseller = await asSystem(() => Organization.create({ name: "Lagoon Networks", accountType: "reseller" }));
      const child = await asSystem(() =>
        Organization.create({ name: "Lekki Gardens Estate", accountType: "customer", parentId: reseller.id }),
      );
      for (const [list, organizationId] of [
        [resellerSubscribers, reseller.id],
        [childSubscribers, child.id],
      ] as const) {
        for (const [i, s] of list.entries()) {
          const subscriberId = await syncSubscriber(s, new Date(now - (list.length - i) * 60_000));
          await withActor(admin, () => Subscriber.link({ subscriberId, organizationId }));
        }
      }
      await asSystem(() =>
        Auth.createUser({
          portal: "reseller",
          email: demoEmail("reseller"),
          password,
          displayName: "Tunde Bakare",
          roles: ["reseller_admin"],
          organizationId: reseller.id,
        }),
      );
    });
  }
  if (!(await Auth.fromEmail(demoEmail("customer"), "customer"))) {
    await createTransaction(async () => {
      const subscriberId = await syncSubscriber(
        {
          id: "demo-3001",
          number: "SUB-003001",
          status: "active",
          plan: "Home Fibre 150",
          speed: "150 Mbps",
          line1: "9 Awolowo Road",
          city: "Lagos",
        },
        new Date(now - 60_000),
      );
      await asSystem(() =>
        Auth.createUser({
          portal: "customer",
          email: demoEmail("customer"),
          password,
          displayName: "Amaka Obi",
          subscriberId,
        }),
      );
    });
  }
  if (!(await Auth.fromEmail(demoEmail("vendor"), "vendor"))) {
    await createTransaction(async () => {
      const vendor = await asSystem(() =>
        Organization.create({ name: "FibreWorks Contractors", accountType: "vendor" }),
      );
      await asSystem(() =>
        Auth.createUser({
          portal: "vendor",
          email: demoEmail("vendor"),
          password,
          displayName: "Emeka Nwosu",
          organizationId: vendor.id,
        }),
      );
    });
  }
}

/**
 * Field service on one machine: technicians with skills and shifts (and the technician and dispatcher
 * logins), a van each with stock, a day of jobs for them on the demo subscribers, rates and a claim.
 * Each part skips what it already seeded, so a restart changes nothing.
 */
async function seedFieldService(password: string, admin: Actor) {
  const { technicianUserIds } = await seedDispatch(password, admin);
  await seedInventory({ password, technicianUserIds });
  const subscribers = await useTransaction((tx) =>
    tx.select({ id: subscriberTable.id }).from(subscriberTable).orderBy(asc(subscriberTable.subscriberNumber)).limit(6),
  );
  await seedWorkOrders({ technicianUserIds, subscriberIds: subscribers.map((s) => s.id) });
  await seedTimecost({ technicianUserIds });
  await seedVendorProjects(admin, demoEmail("vendor"));
}

/** The seed acts as the demo admin where a verb needs a staff user (linking subscribers). */
const adminActor = (admin: Auth.Info): Actor => ({
  type: "user",
  properties: { userId: admin.id, email: admin.email, portal: "staff", roles: admin.roles, permissions: [] },
});

/**
 * Seeds the demo organisation on first start: a staff admin with a random password (kept in
 * DATA_DIR so it can be printed again), a few subscribers synced through the real verb, and the
 * customer, reseller and vendor demo accounts (same password; see DEMO_PORTAL_LOGINS).
 */
export async function seed(): Promise<{ email: string; password: string; created: boolean }> {
  const dir = useConfig().DATA_DIR;
  const file = join(dir, "demo-login.json");
  const existing = await Auth.fromEmail(DEMO_ADMIN_EMAIL);
  if (existsSync(file) && existing) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as { email: string; password: string };
    await seedPortals(saved.password, adminActor(existing));
    await seedReseller(adminActor(existing));
    await seedSupport(saved.password, adminActor(existing));
    await seedWidget();
    await seedFieldService(saved.password, adminActor(existing));
    await seedSales(saved.password, adminActor(existing));
    await seedQuotes(adminActor(existing), demoEmail("customer"));
    await seedProjects(adminActor(existing), DEMO_TECHNICIAN_EMAIL);
    await seedCampaigns(adminActor(existing));
    return { ...saved, created: false };
  }
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  const admin =
    existing ??
    (await asSystem(() =>
      Auth.createUser({ email: DEMO_ADMIN_EMAIL, password, displayName: "Demo Admin", roles: ["admin"] }),
    ));
  const now = Date.now();
  const samples = [
    { id: "demo-1001", number: "SUB-001001", status: "active", plan: "Fibre 100", city: "Lagos" },
    { id: "demo-1002", number: "SUB-001002", status: "suspended", plan: "Fibre 50", city: "Abuja" },
    { id: "demo-1003", number: "SUB-001003", status: "pending", plan: "AirFibre 20", city: "Ibadan" },
  ] as const;
  for (const [i, s] of samples.entries()) {
    await syncSubscriber({ ...s, line1: `${12 + i} Marina Road` }, new Date(now - (samples.length - i) * 60_000));
  }
  await seedPortals(password, adminActor(admin));
  await seedReseller(adminActor(admin));
  await seedSupport(password, adminActor(admin));
  await seedWidget();
  await seedFieldService(password, adminActor(admin));
  await seedSales(password, adminActor(admin));
  await seedQuotes(adminActor(admin), demoEmail("customer"));
  await seedProjects(adminActor(admin), DEMO_TECHNICIAN_EMAIL);
  await seedCampaigns(adminActor(admin));
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ email: DEMO_ADMIN_EMAIL, password }), { mode: 0o600 });
  return { email: DEMO_ADMIN_EMAIL, password, created: true };
}
