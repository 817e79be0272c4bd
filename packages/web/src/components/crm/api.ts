import type { InferRequestType, InferResponseType } from "hono/client";
import { client, read } from "../../api";

/** The staff people, organisation and subscriber screens' calls, typed from the API's routes. */
const people = client.api.v1.people;
const orgs = client.api.v1.organizations;
const subscribers = client.api.v1.subscribers;
const tickets = client.api.v1.tickets;

export type Person = InferResponseType<typeof people.$get, 200>["items"][number];
export type PeopleQuery = NonNullable<InferRequestType<typeof people.$get>["query"]>;
export type Organization = InferResponseType<typeof orgs.$get, 200>["items"][number];
export type OrganizationsQuery = NonNullable<InferRequestType<typeof orgs.$get>["query"]>;
export type Subscriber = InferResponseType<typeof subscribers.$get, 200>["items"][number];
export type SubscribersQuery = NonNullable<InferRequestType<typeof subscribers.$get>["query"]>;
export type RelatedTicket = InferResponseType<typeof tickets.$get, 200>["items"][number];
export type TicketsQuery = NonNullable<InferRequestType<typeof tickets.$get>["query"]>;

export const crmApi = {
  people: (query: PeopleQuery) => read(people.$get({ query })),
  person: (id: string) => read(people[":id"].$get({ param: { id } })),
  organizations: (query: OrganizationsQuery) => read(orgs.$get({ query })),
  organization: (id: string) => read(orgs[":id"].$get({ param: { id } })),
  subscribers: (query: SubscribersQuery) => read(subscribers.$get({ query })),
  subscriber: (id: string) => read(subscribers[":id"].$get({ param: { id } })),
  tickets: (query: TicketsQuery) => read(tickets.$get({ query })),
};
