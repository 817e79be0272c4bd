/** A domain event as it travels: stable id (the outbox row id), type, time, payload. */
export interface EventEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  payload: unknown;
}

export interface EventBus {
  readonly name: "local" | "eventbridge";
  publish(events: EventEnvelope[]): Promise<void>;
}
