import type { AddressInfo } from "node:net";
import * as Email from "@dotmac/core/inbound/email";
import { errorMessage } from "@dotmac/core/platform/errors";
import { SMTPServer } from "smtp-server";

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The one-machine stand-in for SES receiving: an SMTP server on 127.0.0.1 that accepts mail only for
 * our active email channels (plus-tags allowed), refuses anything over the size cap, and hands each
 * message to the same path as SES's S3 object (blob store + `email` envelope on the inbound queue).
 * No AUTH and no STARTTLS: it listens on loopback only.
 */
export async function startSmtpListener(options: {
  port: number;
  host?: string;
  maxBytes?: number;
  log?: (line: string) => void;
}): Promise<SmtpListener> {
  const maxBytes = options.maxBytes ?? Email.MAX_RAW_BYTES;
  const log = options.log ?? ((line: string) => console.error(line));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: maxBytes,
    banner: "DotMac CRM local inbox",
    logger: false,
    onRcptTo(address, _session, callback) {
      Email.acceptsRecipient(address.address).then(
        (ok) =>
          callback(
            ok ? undefined : Object.assign(new Error(`No inbox channel for ${address.address}`), { responseCode: 550 }),
          ),
        (error) => callback(Object.assign(new Error(errorMessage(error)), { responseCode: 451 })),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error(`Message exceeds ${maxBytes} bytes`), { responseCode: 552 }));
          return;
        }
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        Email.enqueueRaw(Buffer.concat(chunks), recipients).then(
          () => callback(),
          (error) => {
            log(`smtp: could not queue a message: ${errorMessage(error)}`);
            callback(Object.assign(new Error("Temporary failure, try again"), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      server.off("error", fail);
      ready();
    });
  });
  server.on("error", (error) => log(`smtp: ${errorMessage(error)}`));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((done) => server.close(() => done())) };
}
