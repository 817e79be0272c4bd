import { messengerSendApi } from "./messenger";

/** Instagram DMs: the same Send API body, POST /{ig-account-id}/messages with the page token. */
export const instagram = messengerSendApi("instagram");
