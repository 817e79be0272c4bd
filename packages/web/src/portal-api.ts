import type { InferResponseType } from "hono/client";
import { client, read, send } from "./api";

const customer = client.api.v1.customer;
const reseller = client.api.v1.reseller;
const vendor = client.api.v1.vendor;

export type CustomerOverview = InferResponseType<typeof customer.overview.$get, 200>;
export type PortalSubscriber = CustomerOverview["subscribers"][number];
export type OrganizationNode = InferResponseType<typeof reseller.organizations.$get, 200>["items"][number];
export type SubscriberPage = InferResponseType<typeof reseller.subscribers.$get, 200>;
export type ResellerTicketPage = InferResponseType<typeof reseller.tickets.$get, 200>;
export type ResellerTicket = ResellerTicketPage["items"][number];
export type PortalUser = InferResponseType<typeof reseller.users.$get, 200>["items"][number];
export type VendorProfile = InferResponseType<typeof vendor.profile.$get, 200>;

/** The customer, reseller and vendor portals' own calls; each is scoped to the signed-in account by the server. */
export const portalApi = {
  customer: {
    async overview(): Promise<CustomerOverview> {
      return (await send(customer.overview.$get())).json();
    },
  },
  reseller: {
    async organizations(): Promise<OrganizationNode[]> {
      return (await (await send(reseller.organizations.$get())).json()).items;
    },
    async createOrganization(input: {
      parentId: string;
      name: string;
      accountType: "customer" | "reseller";
    }): Promise<OrganizationNode> {
      return (await send(reseller.organizations.$post({ json: input }))).json();
    },
    async subscribers(query: { organizationId?: string; q?: string; cursor?: string }): Promise<SubscriberPage> {
      return (await send(reseller.subscribers.$get({ query }))).json();
    },
    async users(): Promise<PortalUser[]> {
      return (await (await send(reseller.users.$get())).json()).items;
    },
    tickets: (query: { cursor?: string }): Promise<ResellerTicketPage> => read(reseller.tickets.$get({ query })),
  },
  vendor: {
    async profile(): Promise<VendorProfile> {
      return (await send(vendor.profile.$get())).json();
    },
    async users(): Promise<PortalUser[]> {
      return (await (await send(vendor.users.$get())).json()).items;
    },
  },
};
