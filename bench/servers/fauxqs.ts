import type { AddressInfo } from "node:net";
import { buildApp } from "fauxqs";

/**
 * The SQS emulator for the webhook Lambda bench, in its own process so its CPU is not charged to
 * the handler being measured. `startFauxqs` binds 0.0.0.0: build the app and listen on loopback.
 */
const app = buildApp({ logger: false });
await app.listen({ port: Number(process.env.PORT ?? 0), host: "127.0.0.1" });
process.stdout.write(`READY ${(app.server.address() as AddressInfo).port}\n`);

const stop = () => app.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
