// `npm run webhook:send [-- <file.json>] [--url http://localhost:3000]`: signs a billing subscriber
// record with the local runtime's secret (Standard Webhooks) and posts it, as the billing system would.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";

const args = process.argv.slice(2);
const urlFlag = args.indexOf("--url");
const base = urlFlag >= 0 ? args[urlFlag + 1] : `http://localhost:${process.env.PORT ?? 3000}`;
const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--url");
const dataDir = process.env.DATA_DIR ?? ".data";
const secretFile = join(dataDir, "billing-webhook-secret");
const secret =
  process.env.BILLING_WEBHOOK_SECRETS?.split(/[\s,]+/)[0] ??
  (existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : undefined);
if (!secret) {
  console.error(`No secret: set BILLING_WEBHOOK_SECRETS or start the runtime once (it writes ${secretFile}).`);
  process.exit(1);
}
const n = Math.floor(Math.random() * 9000) + 1000;
const body = file
  ? readFileSync(file, "utf8")
  : JSON.stringify({
      type: "subscriber.upserted",
      data: {
        external_id: `demo-${n}`,
        subscriber_number: `SUB-00${n}`,
        status: "active",
        plan: { name: "Fibre 100", speed: "100 Mbps" },
        service_address: { line1: `${n % 90} Marina Road`, city: "Lagos", country: "NG" },
        updated_at: new Date().toISOString(),
      },
    });
const id = `msg_${randomUUID()}`;
const now = new Date();
const res = await fetch(`${base}/webhooks/billing/subscribers`, {
  method: "POST",
  body,
  headers: {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, now, body),
  },
});
console.log(`${res.status} ${await res.text()}`);
process.exit(res.ok ? 0 : 1);
