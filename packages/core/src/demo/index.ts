import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as Auth from "../auth";
import { useConfig } from "../platform/config";
import { withActor } from "../platform/context";
import * as Subscriber from "../subscriber";

export const DEMO_ADMIN_EMAIL = "admin@demo-isp.example";

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

/**
 * Seeds the demo organisation on first start: a staff admin with a random password (kept in
 * DATA_DIR so it can be printed again) and a few subscribers synced through the real verb.
 */
export async function seed(): Promise<{ email: string; password: string; created: boolean }> {
  const dir = useConfig().DATA_DIR;
  const file = join(dir, "demo-login.json");
  if (existsSync(file) && (await Auth.fromEmail(DEMO_ADMIN_EMAIL))) {
    return { ...(JSON.parse(readFileSync(file, "utf8")) as { email: string; password: string }), created: false };
  }
  const password = `demo-${randomBytes(9).toString("base64url")}`;
  if (!(await Auth.fromEmail(DEMO_ADMIN_EMAIL))) {
    await withActor({ type: "system", properties: { job: "demo.seed" } }, () =>
      Auth.createUser({ email: DEMO_ADMIN_EMAIL, password, displayName: "Demo Admin", roles: ["admin"] }),
    );
  }
  const now = Date.now();
  const samples = [
    { id: "demo-1001", number: "SUB-001001", status: "active", plan: "Fibre 100", city: "Lagos" },
    { id: "demo-1002", number: "SUB-001002", status: "suspended", plan: "Fibre 50", city: "Abuja" },
    { id: "demo-1003", number: "SUB-001003", status: "pending", plan: "AirFibre 20", city: "Ibadan" },
  ] as const;
  await withActor({ type: "webhook", properties: { provider: "demo-seed" } }, async () => {
    for (const [i, s] of samples.entries()) {
      await Subscriber.sync({
        externalSystem: "billing",
        type: "subscriber.upserted",
        data: {
          external_id: s.id,
          subscriber_number: s.number,
          status: s.status,
          plan: { name: s.plan },
          service_address: { line1: `${12 + i} Marina Road`, city: s.city, country: "NG" },
          updated_at: new Date(now - (samples.length - i) * 60_000).toISOString(),
        },
      });
    }
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify({ email: DEMO_ADMIN_EMAIL, password }), { mode: 0o600 });
  return { email: DEMO_ADMIN_EMAIL, password, created: true };
}
