import * as Inbound from "@dotmac/core/inbound";
import { errorMessage } from "@dotmac/core/platform/errors";
import type { ReceivedMessage, TableQueue } from "@dotmac/core/platform/queue/table";

/**
 * The local stand-in for the SQS → Lambda event source: move what the ingest spool holds into the
 * table, receive a batch, consume each message, report failures back to the queue (retry with
 * backoff, then dead-letter).
 */
export function startPoller(
  queue: TableQueue,
  options: { idleMs?: number; yieldMs?: number; log?: (line: string) => void } = {},
) {
  let running = true;
  let wake: (() => void) | undefined;
  const idleMs = options.idleMs ?? 250;
  // While webhooks are arriving, pause between batches so ingest (one shared PGlite connection, whose
  // statements run on the thread that answers) keeps priority: at least yieldMs, and nineteen times
  // what the batch took (moving the spool into the table, then consuming), so the consumer takes at most
  // a twentieth of the thread during a burst; the spool holds what is acknowledged, the backlog drains
  // after (a PGlite row costs ~0.1 ms to write however it is batched).
  const yieldMs = options.yieldMs ?? 100;
  const yieldFactor = 19;

  /**
   * One message, on its own: nothing it throws, not even recording its failure, reaches the batch.
   * A message whose failure could not be recorded comes back after the visibility timeout, as on SQS.
   */
  const settle = async (message: ReceivedMessage): Promise<boolean> => {
    try {
      await Inbound.consume(message);
      return true;
    } catch (error) {
      try {
        const outcome = await queue.fail(message, errorMessage(error));
        options.log?.(`inbound message ${message.id} failed (${outcome}): ${errorMessage(error)}`);
      } catch (recording) {
        options.log?.(
          `inbound message ${message.id} failed (${errorMessage(error)}) and could not be recorded ` +
            `(${errorMessage(recording)}); it returns after the visibility timeout`,
        );
      }
      return false;
    }
  };

  const tick = async (): Promise<number> => {
    await queue.moveSpooled();
    const batch = await queue.receive(10);
    const done: string[] = [];
    for (const message of batch) if (await settle(message)) done.push(message.id);
    // One statement acknowledges the batch. If it fails, those messages come back after the
    // visibility timeout and the consumer finds them already processed (idempotent by webhook id).
    await queue.ackBatch(done);
    return batch.length;
  };

  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const n = await tick().catch((error) => {
        options.log?.(`queue poll failed: ${errorMessage(error)}`);
        return 0;
      });
      const busy = Date.now() - queue.lastSendAt() < yieldMs;
      if ((n === 0 || busy) && running) {
        await new Promise<void>((resolve) => {
          const pause = n === 0 ? idleMs : Math.max(yieldMs, yieldFactor * (Date.now() - started));
          const timer = setTimeout(resolve, pause);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();

  return {
    /** Processes until the queue has nothing visible; for tests and the replay command. */
    drain: async () => {
      while ((await tick()) > 0) {}
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
