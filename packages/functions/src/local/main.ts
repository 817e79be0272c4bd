import { DEMO_AGENT_EMAIL, DEMO_PORTAL_LOGINS, DEMO_SUPPORT_ADDRESS } from "@dotmac/core/demo";
import { parseConfig, setConfig } from "@dotmac/core/platform/config";
import { startRuntime } from "./runtime";

// `npm start`: the whole product on this machine with the embedded defaults (see README).
try {
  setConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const runtime = await startRuntime();
console.log(`
  DotMac CRM is running at ${runtime.url}
  Sign in as ${runtime.login.email} with password ${runtime.login.password}
  Support agent: ${runtime.url}/login  as ${DEMO_AGENT_EMAIL} (same password)
${DEMO_PORTAL_LOGINS.map((l) => `  ${l.label}: ${runtime.url}${l.path}  as ${l.email} (same password)`).join("\n")}
  Send a signed test webhook: npm run webhook:send   (billing secret in ${parseConfig(process.env).DATA_DIR}/)
${runtime.smtpPort ? `  Email the inbox (${DEMO_SUPPORT_ADDRESS}): npm run mail:send [-- file.eml]   (SMTP on 127.0.0.1:${runtime.smtpPort})` : "  Inbound email is off: the SMTP port was taken (set MAIL_LISTEN_PORT)"}
  WhatsApp and Messenger messages into the inbox: npm run demo:meta
  Web chat widget demo (the ISP's site): ${runtime.url}/demo/widget.html
  API reference: ${runtime.url}/api/docs    Data: ${parseConfig(process.env).DATA_DIR}/
  Press Ctrl+C to stop.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping…");
    runtime.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
