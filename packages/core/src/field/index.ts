/**
 * The field app's own concerns: phones registered for push (FCM HTTP v1 behind a port), the push sent when
 * a job is assigned, and the app's start-up configuration. Jobs, time, stock and dispatch are the
 * workorder, timecost, inventory and dispatch domains' verbs; the v1-compatible transport maps onto them.
 */
export { type FieldUser, requireFieldUser } from "./actor";
export { type AppConfig, appConfig } from "./config";
export { DeviceInfo, deregister, register } from "./devices";
export * as Office from "./dispatch";
export * as Jobs from "./jobs";
export { assignmentMessage, onAssigned, onDispatched, type PushOutcome, pushToUsers } from "./notify";
export { type PushMessage, type PushResult, type PushSender, setPush, usePush } from "./push";
export * as Stock from "./stock";
