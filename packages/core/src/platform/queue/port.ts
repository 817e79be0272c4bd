export interface OutgoingMessage {
  body: string;
}

export interface QueueStats {
  ready: number;
  inFlight: number;
  deadLetters: number;
}

/** Where verified inbound messages wait for the consumer: SQS on AWS, a table on one machine. */
export interface Queue {
  readonly name: "table" | "sqs";
  send(message: OutgoingMessage): Promise<void>;
  sendBatch(messages: OutgoingMessage[]): Promise<void>;
  stats(): Promise<QueueStats>;
}
