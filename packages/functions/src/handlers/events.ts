import { dispatch, Envelope } from "@dotmac/core/events";
import type { EventBridgeEvent } from "aws-lambda";

/** EventBridge rule target: the detail is the outbox envelope; subscribers dedupe by its id. */
export const handler = async (event: EventBridgeEvent<string, unknown>) => dispatch(Envelope.parse(event.detail));
