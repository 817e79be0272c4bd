// `npm run demo:meta [-- --url http://localhost:3000]`: a WhatsApp text and a Messenger text, signed
// with the local runtime's Meta app secrets (X-Hub-Signature-256), posted as Meta would. They arrive
// in the inbox on the demo WhatsApp number and Facebook page that `npm start` connects.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { localMetaSecrets, sendDemoMeta } from "../packages/core/src/demo/meta-payloads";

const args = process.argv.slice(2);
const urlFlag = args.indexOf("--url");
const base = urlFlag >= 0 ? (args[urlFlag + 1] ?? "") : `http://localhost:${process.env.PORT ?? 3000}`;
const dataDir = process.env.DATA_DIR ?? ".data";
const whatsapp = process.env.META_WHATSAPP_APP_SECRETS?.split(/[\s,]+/)[0];
const meta = process.env.META_APP_SECRETS?.split(/[\s,]+/)[0];
if (!(whatsapp && meta) && !existsSync(join(dataDir, "meta-webhook-secrets.json"))) {
  console.error(`No Meta app secrets: set META_WHATSAPP_APP_SECRETS and META_APP_SECRETS, or start the runtime once.`);
  process.exit(1);
}
const secrets = whatsapp && meta ? { whatsapp, meta } : localMetaSecrets(dataDir);
const results = await sendDemoMeta({ base, secrets });
for (const r of results) console.log(`${r.provider}: ${r.status} ${r.text}`);
process.exit(results.every((r) => r.status === 200) ? 0 : 1);
