/** A notification for one phone: what the system tray shows and the data the app routes on. */
export interface PushMessage {
  title: string;
  body: string;
  /** String values only (FCM's rule); v1's app deep-links on `type` + `work_order_id`. */
  data: Record<string, string>;
}

export type PushResult =
  | { status: "sent"; id: string }
  /** The token is gone for good (app uninstalled, token rotated): the caller forgets it. */
  | { status: "unregistered" }
  | { status: "failed"; reason: string };

/** Push notifications to phones: FCM HTTP v1 when configured, else disabled (nothing is sent). */
export interface PushSender {
  readonly name: "fcm" | "disabled";
  send(token: string, message: PushMessage): Promise<PushResult>;
}
