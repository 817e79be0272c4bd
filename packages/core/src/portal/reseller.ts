import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePortal } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { toInfo as toUserInfo, type Info as UserInfo } from "../auth/info";
import * as Organization from "../organization";
import { organizationTable } from "../organization/organization.sql";
import { depthBelow, subtree } from "../organization/tree";
import type { UserProperties } from "../platform/context";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, id, pageLimit, text } from "../platform/input";
import { keyset } from "../platform/keyset";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { containsPattern } from "../platform/sql";
import { subscriberTable } from "../subscriber/subscriber.sql";
import { notFound, SubscriberView, selectSubscribers, toSubscriberView } from "./shared";

export { SubscriberView } from "./shared";

/** One organisation of the reseller's tree: `depth` 0 is the reseller itself. */
export const OrganizationNode = Organization.Info.extend({
  depth: z.number().int(),
  subscriberCount: z.number().int(),
});
export type OrganizationNode = z.infer<typeof OrganizationNode>;

export const SubscriberPage = z.object({ items: z.array(SubscriberView), nextCursor: z.string().nullable() });
export type SubscriberPage = z.infer<typeof SubscriberPage>;

/** The account types a reseller may create below itself: its customers' companies and sub-resellers. */
export const childAccountTypes = ["customer", "reseller"] as const;

/**
 * The signed-in reseller account and the root of what it may see. An account whose organisation is
 * missing, not a reseller, or not active sees nothing at all.
 */
export async function scope(tx: Tx): Promise<{ account: UserProperties; rootId: string }> {
  const actor = requirePortal("reseller");
  const rootId = actor.properties.organizationId;
  if (!rootId) throw new AppError("forbidden", "This reseller account is not linked to an organisation");
  const [root] = await tx
    .select({ accountType: organizationTable.accountType, status: organizationTable.status })
    .from(organizationTable)
    .where(and(eq(organizationTable.id, rootId), live(organizationTable)));
  if (root?.accountType !== "reseller" || root.status !== "active") {
    throw new AppError("forbidden", "Your reseller organisation is not active; contact your provider");
  }
  return { account: actor.properties, rootId };
}

const toNode = (
  row: typeof organizationTable.$inferSelect,
  depth: number,
  subscriberCount: number,
): OrganizationNode => ({ ...Organization.toInfo(row), depth, subscriberCount });

/** Subscriber counts of the given organisations, in one grouped query. */
async function subscriberCounts(tx: Tx, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ organizationId: subscriberTable.organizationId, n: count() })
    .from(subscriberTable)
    .where(and(inArray(subscriberTable.organizationId, ids), live(subscriberTable)))
    .groupBy(subscriberTable.organizationId);
  return new Map(rows.map((r) => [r.organizationId ?? "", Number(r.n)]));
}

/**
 * The reseller's organisation and every organisation below it, as a tree in depth-first order
 * (children by name under their parent), each with its number of subscribers.
 */
export const organizations = fn(z.void(), async (): Promise<OrganizationNode[]> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    const nodes = await Organization.descendants(rootId);
    const counts = await subscriberCounts(
      tx,
      nodes.map((n) => n.id),
    );
    const children = new Map<string | null, typeof nodes>();
    for (const node of nodes) {
      const key = node.id === rootId ? null : node.parentId;
      children.set(key, [...(children.get(key) ?? []), node]);
    }
    const ordered: OrganizationNode[] = [];
    const visit = (parent: string | null) => {
      const below = (children.get(parent) ?? []).sort(
        (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      );
      for (const node of below) {
        ordered.push({ ...node, subscriberCount: counts.get(node.id) ?? 0 });
        visit(node.id);
      }
    };
    visit(null);
    return ordered;
  });
});

/** One organisation of the reseller's tree; any other answers not_found, exactly like a missing id. */
export const organization = fn(z.object({ id: id() }), async ({ id }): Promise<OrganizationNode> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    const depth = await depthBelow(tx, rootId, id);
    const [row] =
      depth === undefined
        ? []
        : await tx
            .select()
            .from(organizationTable)
            .where(and(eq(organizationTable.id, id), live(organizationTable)));
    if (depth === undefined || !row) throw notFound("Organization", id);
    const counts = await subscriberCounts(tx, [id]);
    return toNode(row, depth, counts.get(id) ?? 0);
  });
});

/** By subscriber number, on (subscriber_number, id). */
const byNumber = keyset({
  columns: [subscriberTable.subscriberNumber, subscriberTable.id],
  direction: "asc",
  position: z.tuple([text(200, { trim: false }), id()]),
});

/**
 * Subscribers of the organisations in the reseller's tree, by subscriber number, one page at a time.
 * `organizationId` narrows to one organisation of the tree (one outside it answers not_found).
 */
export const subscribers = fn(
  z.object({
    organizationId: id().optional(),
    /** Matches the subscriber or account number, case-insensitively. */
    q: text(100).optional(),
    cursor: cursor().optional(),
    limit: pageLimit(200, 50),
  }),
  async (input): Promise<SubscriberPage> => {
    return useTransaction(async (tx) => {
      const { rootId } = await scope(tx);
      const where: SQL[] = [sql`${subscriberTable.organizationId} in ${subtree(rootId)}`];
      if (input.organizationId) {
        const [org] = await tx
          .select({ id: organizationTable.id })
          .from(organizationTable)
          .where(
            and(eq(organizationTable.id, input.organizationId), sql`${organizationTable.id} in ${subtree(rootId)}`),
          );
        if (!org) throw notFound("Organization", input.organizationId);
        where.push(eq(subscriberTable.organizationId, input.organizationId));
      }
      if (input.q) {
        const pattern = containsPattern(input.q);
        where.push(
          or(ilike(subscriberTable.subscriberNumber, pattern), ilike(subscriberTable.accountNumber, pattern)) as SQL,
        );
      }
      const after = byNumber.after(input.cursor);
      if (after) where.push(after);
      const rows = await selectSubscribers(tx, and(...where) as SQL)
        .orderBy(...byNumber.orderBy)
        .limit(byNumber.take(input.limit));
      const { items, nextCursor } = byNumber.page(rows, input.limit, (r) => [r.subscriberNumber, r.id]);
      return { items: items.map(toSubscriberView), nextCursor };
    });
  },
);

/** One subscriber of the reseller's tree; any other answers not_found, exactly like a missing id. */
export const subscriber = fn(z.object({ id: id() }), async ({ id }): Promise<SubscriberView> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    const [row] = await selectSubscribers(
      tx,
      and(eq(subscriberTable.id, id), sql`${subscriberTable.organizationId} in ${subtree(rootId)}`) as SQL,
    );
    if (!row) throw notFound("Subscriber", id);
    return toSubscriberView(row);
  });
});

/**
 * Creates an organisation below one of the reseller's tree (reseller_admin only), audited as
 * `organization.created` in the same transaction. A parent outside the tree answers not_found.
 */
export const createChildOrganization = fn(
  z.object({
    parentId: id(),
    name: text(200),
    accountType: z.enum(childAccountTypes).default("customer"),
  }),
  async (input): Promise<OrganizationNode> => {
    return createTransaction(async (tx) => {
      const { account, rootId } = await scope(tx);
      if (!account.roles.includes("reseller_admin")) {
        throw new AppError("forbidden", "Only a reseller administrator can create organisations");
      }
      const parentDepth = await depthBelow(tx, rootId, input.parentId);
      if (parentDepth === undefined) throw notFound("Organization", input.parentId);
      const [row] = await tx
        .insert(organizationTable)
        .values({ name: input.name, accountType: input.accountType, parentId: input.parentId, status: "active" })
        .returning();
      const org = row as typeof organizationTable.$inferSelect;
      await emit(Organization.Events.Created, {
        organizationId: org.id,
        accountType: org.accountType,
        parentId: org.parentId,
      });
      await Audit.record({
        action: "organization.created",
        entityType: "organization",
        entityId: org.id,
        changes: Audit.diff(null, { name: org.name, accountType: org.accountType, parentId: org.parentId }),
      });
      return toNode(org, parentDepth + 1, 0);
    });
  },
);

/** The reseller accounts of the organisations in the tree, by name. */
export const users = fn(z.void(), async (): Promise<UserInfo[]> => {
  return useTransaction(async (tx) => {
    const { rootId } = await scope(tx);
    const rows = await tx
      .select()
      .from(userTable)
      .where(and(eq(userTable.portal, "reseller"), sql`${userTable.organizationId} in ${subtree(rootId)}`))
      .orderBy(asc(userTable.displayName), asc(userTable.id));
    return rows.map(toUserInfo);
  });
});
