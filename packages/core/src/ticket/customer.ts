import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePortal } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, id, pageLimit, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { subscriberTable } from "../subscriber/subscriber.sql";
import * as Attachments from "./attachments";
import { insertCustomerReply } from "./comment";
import { confirmForCustomer, disputeForCustomer } from "./confirmation";
import { confirmationStates, latestConfirmation, stateFor } from "./confirmation-request";
import { openTicket } from "./create";
import { account, ownTickets } from "./customer-scope";
import { byCreated, createdText } from "./list";
import { findByRef, TicketRef, type TicketRow, ticketType } from "./shared";
import { moveStatus } from "./status";
import {
  defaultPriority,
  ticketCommentTable,
  ticketPriorities,
  ticketStatuses,
  ticketTable,
  ticketTypeTable,
} from "./ticket.sql";

/*
 * The customer portal's ticket verbs. Each scopes every query to the signed-in customer's own tickets
 * (customer-scope.ts); anyone else's ticket answers not_found, exactly like a missing one.
 */

/** What a customer (or reseller) sees of a ticket in a list: no assignees, no internal fields. */
export const TicketSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.enum(ticketStatuses),
  priority: z.enum(ticketPriorities),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketPage = z.object({ items: z.array(TicketSummary), nextCursor: z.string().nullable() });
export type TicketPage = z.infer<typeof TicketPage>;

/** A public comment as the customer sees it: who wrote it by kind and display name, never an email. */
export const PublicComment = z.object({
  id: z.uuid(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  author: z.object({ kind: z.enum(["customer", "staff"]), name: z.string(), you: z.boolean() }),
});
export type PublicComment = z.infer<typeof PublicComment>;

export const CustomerTicket = z.object({
  ticket: TicketSummary.extend({
    description: z.string().nullable(),
    ticketType: z.string().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
  }),
  comments: z.array(PublicComment),
  attachments: z.array(Attachments.AttachmentInfo),
  /** The newest resolution confirmation, when the ticket was ever resolved to the customer. */
  confirmation: z.object({ state: z.enum(confirmationStates), expiresAt: z.iso.datetime() }).nullable(),
});
export type CustomerTicket = z.infer<typeof CustomerTicket>;

export const CustomerType = z.object({ id: z.uuid(), name: z.string(), requiresSubscriber: z.boolean() });
export type CustomerType = z.infer<typeof CustomerType>;

const toSummary = (t: TicketRow): TicketSummary => ({
  id: t.id,
  number: t.number,
  title: t.title,
  status: t.status,
  priority: t.priority,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

/** One of the customer's tickets by id or number; anyone else's answers not_found, exactly like a missing one. */
async function ownTicket(tx: Tx, ref: string, lock = false): Promise<TicketRow> {
  const row = await findByRef(tx, ref, { scope: await ownTickets(tx), lock });
  if (!row) throw new AppError("not_found", `Ticket ${ref} does not exist`);
  return row;
}

export const PageInput = z.object({
  cursor: cursor().optional(),
  limit: pageLimit(100, 25),
});

/** Newest first, in keyset pages on (created_at, id) under `scope`. */
export async function page(tx: Tx, scope: SQL, input: z.output<typeof PageInput>): Promise<TicketPage> {
  // The staff list's keyset: the same cursor format and the same (created_at, id) order.
  const rows = await tx
    .select({ row: ticketTable, createdText })
    .from(ticketTable)
    .where(and(scope, byCreated.after(input.cursor)))
    .orderBy(...byCreated.orderBy)
    .limit(byCreated.take(input.limit));
  const { items, nextCursor } = byCreated.page(rows, input.limit, (r) => [r.createdText, r.row.id]);
  return { items: items.map((r) => toSummary(r.row)), nextCursor };
}

/** The signed-in customer's tickets, newest first. */
export const list = fn(PageInput, async (input): Promise<TicketPage> => {
  return useTransaction(async (tx) => page(tx, await ownTickets(tx), input));
});

/** The active ticket types the admin offers to customers (customer-visible), by name. */
export const types = fn(z.void(), async (): Promise<CustomerType[]> => {
  requirePortal("customer");
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(ticketTypeTable)
      .where(and(eq(ticketTypeTable.active, true), eq(ticketTypeTable.customerVisible, true)))
      .orderBy(asc(ticketTypeTable.name)),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, requiresSubscriber: r.requiresSubscriber }));
});

/**
 * Opens a ticket from the customer portal: channel web, the default priority, for the account's own
 * subscriber and person (never ones named in the input), of a type offered to customers if any.
 */
export const open = fn(
  z.object({
    title: text(300),
    description: text(20_000),
    ticketTypeId: id().nullish(),
  }),
  async (input): Promise<TicketSummary> => {
    return createTransaction(async (tx) => {
      const { subscriberId, personId } = await account(tx);
      const type = input.ticketTypeId ? await ticketType(tx, input.ticketTypeId) : undefined;
      if (type && !type.customerVisible) {
        throw new AppError(
          "validation",
          `ticketTypeId: ${type.name} is not a type customers can choose; pick one the form lists`,
          [{ path: "ticketTypeId", message: "is not offered to customers" }],
        );
      }
      if (type?.requiresSubscriber && !subscriberId) {
        throw new AppError("validation", `ticketTypeId: a ${type.name} ticket needs a service linked to your account`, [
          { path: "ticketTypeId", message: `${type.name} needs a service linked to your account` },
        ]);
      }
      const [subscriber] = subscriberId
        ? await tx
            .select({ organizationId: subscriberTable.organizationId, personId: subscriberTable.personId })
            .from(subscriberTable)
            .where(eq(subscriberTable.id, subscriberId))
        : [];
      const { row } = await openTicket(tx, {
        title: input.title,
        description: input.description,
        priority: defaultPriority,
        channel: "web",
        ticketTypeId: type?.id ?? null,
        subscriberId,
        personId: personId ?? subscriber?.personId ?? null,
        organizationId: subscriber?.organizationId ?? null,
      });
      return toSummary(row);
    });
  },
);

/** One of the customer's tickets with its public conversation, visible files and confirmation state. */
export const detail = fn(TicketRef, async (ref): Promise<CustomerTicket> => {
  return useTransaction(async (tx) => {
    const { userId } = await account(tx);
    const ticket = await ownTicket(tx, ref);
    const [type] = ticket.ticketTypeId
      ? await tx
          .select({ name: ticketTypeTable.name })
          .from(ticketTypeTable)
          .where(eq(ticketTypeTable.id, ticket.ticketTypeId))
      : [];
    const comments = await tx
      .select({ comment: ticketCommentTable, portal: userTable.portal, name: userTable.displayName })
      .from(ticketCommentTable)
      .leftJoin(userTable, eq(userTable.id, ticketCommentTable.authorId))
      .where(
        and(
          eq(ticketCommentTable.ticketId, ticket.id),
          eq(ticketCommentTable.isInternal, false),
          live(ticketCommentTable),
        ),
      )
      .orderBy(asc(ticketCommentTable.createdAt), asc(ticketCommentTable.id));
    const confirmation = await latestConfirmation(tx, ticket.id);
    return {
      ticket: {
        ...toSummary(ticket),
        description: ticket.description,
        ticketType: type?.name ?? null,
        resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
      },
      comments: comments.map(({ comment, portal, name }) => {
        const kind = portal && portal !== "staff" ? ("customer" as const) : ("staff" as const);
        return {
          id: comment.id,
          body: comment.body,
          createdAt: comment.createdAt.toISOString(),
          author: {
            kind,
            name: name ?? (kind === "staff" ? "Support team" : "Customer"),
            you: comment.authorId === userId,
          },
        };
      }),
      attachments: await Attachments.listFor(ticket.id, "customer"),
      confirmation: confirmation
        ? { state: stateFor(confirmation, ticket), expiresAt: confirmation.expiresAt.toISOString() }
        : null,
    };
  });
});

/** Statuses in which support waits for the customer: a reply hands the ticket back to support. */
const waitingOnCustomer = new Set<TicketRow["status"]>(["waiting_on_customer", "pending"]);

/**
 * The customer's public reply. It never mentions staff by address; on a ticket that was waiting for
 * the customer it moves the ticket back to `open` (logged like any status change).
 */
export const reply = fn(z.object({ id: id(), body: text(20_000) }), async ({ id, body }): Promise<PublicComment> => {
  return createTransaction(async (tx) => {
    const ticket = await ownTicket(tx, id, true);
    if (ticket.status === "merged") {
      throw new AppError(
        "precondition_failed",
        `Ticket ${ticket.number} was merged into another of your tickets; reply there`,
      );
    }
    const comment = await insertCustomerReply(tx, ticket.id, body);
    if (waitingOnCustomer.has(ticket.status)) {
      await moveStatus(tx, ticket, "open", { authoritative: true });
    } else {
      await tx.update(ticketTable).set({ updatedAt: sql`now()` }).where(eq(ticketTable.id, ticket.id));
    }
    await Audit.record({
      action: "ticket.commented",
      entityType: "ticket",
      entityId: ticket.id,
      changes: { commentId: { to: comment.id }, isInternal: { to: false }, byCustomer: { to: true } },
    });
    const [author] = await tx
      .select({ name: userTable.displayName })
      .from(userTable)
      .where(eq(userTable.id, comment.authorId ?? ""));
    return {
      id: comment.id,
      body: comment.body,
      createdAt: comment.createdAt.toISOString(),
      author: { kind: "customer", name: author?.name ?? "Customer", you: true },
    };
  });
});

/** The ticket id of one of the customer's own tickets (not_found for anyone else's). */
async function ownId(ref: string): Promise<string> {
  return (await useTransaction((tx) => ownTicket(tx, ref))).id;
}

const WithTicket = z.object({ id: id() });

/** An upload slot for a file on one of the customer's tickets (or their own reply on it). */
export const createSlot = fn(
  WithTicket.extend(Attachments.SlotInput.shape).omit({ isInternal: true }),
  async ({ id, ...input }): Promise<Attachments.SlotInfo> => Attachments.openSlot(await ownId(id), input, "customer"),
);

/** Attaches the customer's accepted upload to their ticket; a customer's file is never internal. */
export const attach = fn(
  WithTicket.extend(Attachments.AttachInput.shape).omit({ isInternal: true }),
  async ({ id, ...input }): Promise<Attachments.AttachmentInfo> =>
    Attachments.attachUpload(await ownId(id), input, "customer"),
);

/** A short-lived download link for a file the customer may see on their ticket. */
export const download = fn(
  z.object({ id: id(), attachmentId: id() }),
  async ({ id, attachmentId }): Promise<Attachments.DownloadInfo> =>
    Attachments.downloadFor(await ownId(id), attachmentId, "customer"),
);

/** "Yes, it's fixed" while signed in: closes the ticket (the confirmation verbs check the state). */
export const confirm = fn(z.object({ id: id() }), async ({ id }) => confirmForCustomer(await ownId(id)));

/** "No, still a problem" while signed in: reopens the ticket with the reason as a public reply. */
export const dispute = fn(z.object({ id: id(), reason: text(5_000) }), async ({ id, reason }) =>
  disputeForCustomer({ ticketId: await ownId(id), reason }),
);
