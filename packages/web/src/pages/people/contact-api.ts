import type { InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read } from "../../api";

/** The contact page's one read and the merge, typed from the API's routes. */
const contacts = client.api.v1.contacts;

export type Overview = InferResponseType<(typeof contacts)[":id"]["$get"], 200>;
export type SectionName = keyof Overview["sections"];
export type Item = NonNullable<Overview["sections"]["tickets"]>["items"][number];

export const contactApi = {
  overview: (id: string) => read(contacts[":id"].$get({ param: { id } })),
  merge: (id: string, sourceId: string) =>
    read(contacts[":id"].merge.$post({ param: { id }, json: { sourceId } }, JSON_HEADERS)),
};
