import * as Job from "@dotmac/core/jobs";

/** EventBridge Scheduler target. The payload names a job; only registered names run. */
export const handler = async (event: { job?: unknown }) => Job.run(event?.job);
