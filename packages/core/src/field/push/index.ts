import { useConfig } from "../../platform/config";
import { AppError } from "../../platform/errors";
import { resolveSecret } from "../../platform/secrets";
import type { ServiceAccount } from "./fcm";
import type { PushSender } from "./port";

export type { PushMessage, PushResult, PushSender } from "./port";

let sender: PushSender | undefined;

/**
 * The configured push sender: FCM HTTP v1 when FCM_PROJECT_ID is set (its adapter and `jose` load on the
 * first send, never on a cold start), else a disabled sender that sends nothing and says so.
 */
export function usePush(): PushSender {
  if (sender) return sender;
  const config = useConfig();
  const projectId = config.FCM_PROJECT_ID;
  if (!projectId) {
    sender = {
      name: "disabled",
      send: async () => ({ status: "failed", reason: "push is not configured (FCM_PROJECT_ID)" }),
    };
    return sender;
  }
  let real: Promise<PushSender> | undefined;
  const load = () => {
    real ??= Promise.all([import("./fcm"), serviceAccount()]).then(([m, account]) =>
      m.fcmSender({ projectId, baseUrl: config.FCM_BASE_URL, serviceAccount: account }),
    );
    real.catch(() => {
      real = undefined;
    });
    return real;
  };
  sender = { name: "fcm", send: async (token, message) => (await load()).send(token, message) };
  return sender;
}

/** For tests and the local runtime: replace (or reset with undefined) the sender. */
export function setPush(next: PushSender | undefined): void {
  sender = next;
}

/** The service-account key file (JSON), from FCM_SERVICE_ACCOUNT or its secret. */
async function serviceAccount(): Promise<ServiceAccount> {
  const raw = useConfig().FCM_SERVICE_ACCOUNT ?? (await resolveSecret("FCM_SERVICE_ACCOUNT"));
  let parsed: Partial<ServiceAccount>;
  try {
    parsed = JSON.parse(raw) as Partial<ServiceAccount>;
  } catch {
    throw new AppError("unavailable", "FCM_SERVICE_ACCOUNT is not a JSON service-account key");
  }
  if (!parsed.client_email || !parsed.private_key) {
    throw new AppError("unavailable", "FCM_SERVICE_ACCOUNT lacks client_email or private_key");
  }
  return {
    client_email: parsed.client_email,
    private_key: parsed.private_key,
    token_uri: parsed.token_uri ?? "https://oauth2.googleapis.com/token",
  };
}
