import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The demo's Meta accounts and what their webhooks look like. No database code: `npm run demo:meta`
 * imports it to sign and post deliveries to the local runtime.
 */
export const DEMO_WHATSAPP_PHONE_NUMBER_ID = "109900000000001";
export const DEMO_WHATSAPP_BUSINESS_ACCOUNT_ID = "209900000000001";
export const DEMO_PAGE_ID = "309900000000001";

export interface MetaSecrets {
  /** The WhatsApp app's secret (X-Hub-Signature-256 on /webhooks/whatsapp). */
  whatsapp: string;
  /** The Messenger/Instagram app's secret (/webhooks/meta). */
  meta: string;
}

/**
 * Meta app secrets on one machine when none are configured: generated once into DATA_DIR (0600) so
 * `npm run demo:meta` can sign deliveries. Only the local runtime calls this; on AWS no secret means
 * every delivery is refused.
 */
export function localMetaSecrets(dataDir: string): MetaSecrets {
  const file = join(dataDir, "meta-webhook-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as MetaSecrets;
  const secret = () => createHmac("sha256", randomUUID()).update("meta").digest("hex");
  const secrets = { whatsapp: secret(), meta: secret() };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export interface MetaDelivery {
  provider: "whatsapp" | "meta";
  body: string;
}

/** A WhatsApp text and a Messenger text from two customers, with fresh ids so each run adds messages. */
export function demoMetaDeliveries(now = new Date()): MetaDelivery[] {
  const n = randomUUID().slice(0, 8);
  const seconds = String(Math.floor(now.getTime() / 1000));
  const whatsapp = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: DEMO_WHATSAPP_BUSINESS_ACCOUNT_ID,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "2348000000001", phone_number_id: DEMO_WHATSAPP_PHONE_NUMBER_ID },
              contacts: [{ profile: { name: "Chidi Okeke" }, wa_id: "2348031110001" }],
              messages: [
                {
                  from: "2348031110001",
                  id: `wamid.demo-${n}`,
                  timestamp: seconds,
                  type: "text",
                  text: { body: "Hello, my fibre light is blinking red. Can someone help?" },
                },
              ],
            },
          },
        ],
      },
    ],
  };
  const messenger = {
    object: "page",
    entry: [
      {
        id: DEMO_PAGE_ID,
        time: now.getTime(),
        messaging: [
          {
            sender: { id: "6934500000000001" },
            recipient: { id: DEMO_PAGE_ID },
            timestamp: now.getTime(),
            message: { mid: `m_demo-${n}`, text: "Is there an outage in Lekki right now?" },
          },
        ],
      },
    ],
  };
  return [
    { provider: "whatsapp", body: JSON.stringify(whatsapp) },
    { provider: "meta", body: JSON.stringify(messenger) },
  ];
}

/** Signs each delivery as Meta does and posts it; answers each response's status. */
export async function sendDemoMeta(options: {
  base: string;
  secrets: MetaSecrets;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}): Promise<{ provider: string; status: number; text: string }[]> {
  const post = options.fetch ?? fetch;
  const results = [];
  for (const d of demoMetaDeliveries()) {
    const secret = d.provider === "whatsapp" ? options.secrets.whatsapp : options.secrets.meta;
    const res = await post(`${options.base.replace(/\/+$/, "")}/webhooks/${d.provider}`, {
      method: "POST",
      body: d.body,
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(d.body).digest("hex")}`,
      },
    });
    results.push({ provider: d.provider, status: res.status, text: await res.text() });
  }
  return results;
}
