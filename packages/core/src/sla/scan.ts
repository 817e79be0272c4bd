import { recomputeDue } from "./registry";

/** Job `sla.scan`: recomputes the due rows of the SLA registry and raises each warning and breach once. */
export async function scan(options: { now?: Date; batchSize?: number } = {}) {
  return recomputeDue(options);
}
