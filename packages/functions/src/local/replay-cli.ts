import * as Inbound from "@dotmac/core/inbound";
import { setConfig, useConfig } from "@dotmac/core/platform/config";
import { closeConnection } from "@dotmac/core/platform/db";
import { INBOUND_QUEUE, setInboundQueue } from "@dotmac/core/platform/queue";
import { tableQueue } from "@dotmac/core/platform/queue/table";

// `npm run queue:replay [-- <dead letter id> ...]`: puts dead letters back on the inbound queue.
setConfig(process.env);
const config = useConfig();
if (config.QUEUE_DRIVER === "table") {
  setInboundQueue(
    tableQueue({
      queue: INBOUND_QUEUE,
      visibilitySeconds: config.QUEUE_VISIBILITY_SECONDS,
      maxReceives: config.QUEUE_MAX_RECEIVES,
    }),
  );
}
const ids = process.argv.slice(2);
const replayed = await Inbound.replayDeadLetters(ids.length ? { ids } : {});
console.log(`replayed ${replayed} dead letter(s) onto the inbound queue`);
await closeConnection();
