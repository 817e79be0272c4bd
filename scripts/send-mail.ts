import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { simpleParser } from "mailparser";
import { createTransport } from "nodemailer";

// `npm run mail:send [-- file.eml]`: delivers an .eml to the local runtime's SMTP listener
// (MAIL_LISTEN_PORT, default 2525), as a customer's mail server would. Default: the bundled demo email.
const file = process.argv[2] ?? resolve(import.meta.dirname, "../packages/functions/src/local/demo.eml");
const port = Number(process.env.MAIL_LISTEN_PORT ?? 2525);
const raw = await readFile(file);
const parsed = await simpleParser(raw);
const list = (v: typeof parsed.to) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).flatMap((a) => a.value);
const to = [...list(parsed.to), ...list(parsed.cc)].map((a) => a.address).filter((a): a is string => Boolean(a));
const from = parsed.from?.value[0]?.address ?? "customer@example.com";
const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
try {
  const info = await transport.sendMail({ envelope: { from, to }, raw });
  console.log(`Delivered ${file} to ${info.accepted.join(", ")} on 127.0.0.1:${port}`);
} catch (error) {
  console.error(`Could not deliver ${file} on 127.0.0.1:${port}: ${(error as Error).message}`);
  process.exit(1);
}
