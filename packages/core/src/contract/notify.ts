import { and, eq, inArray, isNull } from "drizzle-orm";
import type { output } from "zod/v4/core";
import { userTable } from "../auth/auth.sql";
import { queueEmails } from "../notification/delivery";
import { renderLazy } from "../notification/lazy-templates";
import { notificationTable } from "../notification/notification.sql";
import { staffHolding } from "../notification/recipients";
import { excerptOf, type LazyKind } from "../notification/templates";
import { organizationTable } from "../organization/organization.sql";
import { useTransaction } from "../platform/db";
import { publicUrl } from "../platform/public-url";
import { installationProjectTable, vendorAsBuiltTable, vendorQuoteTable } from "./contract.sql";
import type { Events } from "./events";

type Payload<K extends keyof typeof Events> = output<(typeof Events)[K]["schema"]>;
type Recipient = { id: string; email: string; displayName: string | null };
type ProjectRow = typeof installationProjectTable.$inferSelect;

const staffLink = (p: ProjectRow) => `/installation-projects/${p.id}`;
const vendorLink = (p: ProjectRow) => `/vendor/projects/${p.id}`;

async function projectOf(id: string): Promise<ProjectRow | undefined> {
  const [row] = await useTransaction((tx) =>
    tx.select().from(installationProjectTable).where(eq(installationProjectTable.id, id)),
  );
  return row && !row.deletedAt ? row : undefined;
}

/** The active staff among `ids` (the project's owner), with their addresses. */
async function staffAmong(ids: string[]): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  return useTransaction((tx) =>
    tx
      .select({ id: userTable.id, email: userTable.email, displayName: userTable.displayName })
      .from(userTable)
      .where(and(inArray(userTable.id, ids), eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt))),
  );
}

/** Every active vendor-portal account of the organisation, and nobody else's. */
async function vendorUsers(orgId: string): Promise<Recipient[]> {
  return useTransaction((tx) =>
    tx
      .select({ id: userTable.id, email: userTable.email, displayName: userTable.displayName })
      .from(userTable)
      .where(and(eq(userTable.organizationId, orgId), eq(userTable.portal, "vendor"), isNull(userTable.deactivatedAt))),
  );
}

/**
 * One event's message to each recipient: an in-app row (dedupe `event:user`) and an email queued only
 * for the rows this delivery inserted (dedupe `event:user:email`), so a redelivered event tells nobody twice.
 */
async function tell(
  eventId: string,
  kind: LazyKind,
  recipients: Recipient[],
  project: ProjectRow,
  link: string,
  extra: { actorName: string | null; excerpt: string | null },
) {
  const unique = [...new Map(recipients.map((r) => [r.id, r])).values()].sort((a, b) => a.id.localeCompare(b.id));
  if (unique.length === 0) return;
  const perUser = unique.map((u) => {
    const data = {
      recipientName: u.displayName || null,
      ticketNumber: project.number,
      ticketTitle: project.title,
      url: `${publicUrl()}${link}`,
      actorName: extra.actorName,
      excerpt: extra.excerpt,
    };
    return { user: u, data, rendered: renderLazy(kind, data) };
  });
  const inserted = await useTransaction((tx) =>
    tx
      .insert(notificationTable)
      .values(
        perUser.map(({ user, rendered, data }) => ({
          userId: user.id,
          kind,
          title: rendered.title,
          body: data.excerpt,
          link,
          dedupeKey: `${eventId}:${user.id}`,
        })),
      )
      .onConflictDoNothing({ target: notificationTable.dedupeKey })
      .returning({ userId: notificationTable.userId }),
  );
  const fresh = new Set(inserted.map((r) => r.userId));
  await queueEmails(
    perUser
      .filter(({ user }) => fresh.has(user.id))
      .map(({ user, data }) => ({ to: user.email, kind, data, dedupeKey: `${eventId}:${user.id}:${user.email}` })),
  );
}

async function orgName(orgId: string): Promise<string | null> {
  const [row] = await useTransaction((tx) =>
    tx.select({ name: organizationTable.name }).from(organizationTable).where(eq(organizationTable.id, orgId)),
  );
  return row?.name ?? null;
}

/**
 * A bid submitted or revised tells the project's owner (who opened it) and every staff user who may
 * approve bids; the excerpt names the version.
 */
export async function onQuoteSubmitted(eventId: string, p: Payload<"QuoteSubmitted">) {
  const project = await projectOf(p.installationProjectId);
  const [quote] = await useTransaction((tx) =>
    tx.select().from(vendorQuoteTable).where(eq(vendorQuoteTable.id, p.quoteId)),
  );
  if (!project || !quote) return;
  const approvers = (await staffHolding("vendor:quote:approve")).map((u) => u.id);
  const recipients = await staffAmong([
    ...new Set([...(project.createdById ? [project.createdById] : []), ...approvers]),
  ]);
  await tell(eventId, "contract_quote_submitted", recipients, project, staffLink(project), {
    actorName: await orgName(quote.vendorOrganizationId),
    excerpt: p.version > 1 ? `Quote ${quote.number}, revised: version ${p.version}` : `Quote ${quote.number}`,
  });
}

const quoteKinds = {
  revision_requested: "contract_revision_requested",
  approved: "contract_quote_approved",
  rejected: "contract_quote_rejected",
} as const;

/** A revision request, an approval or a rejection tells the bidding organisation's users, with staff's words. */
export async function onQuoteDecided(eventId: string, p: Payload<"QuoteDecided">) {
  if (p.decision === "first_approval") return;
  const project = await projectOf(p.installationProjectId);
  const [quote] = await useTransaction((tx) =>
    tx.select().from(vendorQuoteTable).where(eq(vendorQuoteTable.id, p.quoteId)),
  );
  if (!project || !quote) return;
  await tell(
    eventId,
    quoteKinds[p.decision],
    await vendorUsers(quote.vendorOrganizationId),
    project,
    vendorLink(project),
    {
      actorName: null,
      excerpt: quote.reviewNote ? excerptOf(quote.reviewNote) : null,
    },
  );
}

/** An accepted or rejected as-built tells the building organisation's users (a rejection with its reason). */
export async function onAsBuiltReviewed(eventId: string, p: Payload<"AsBuiltReviewed">) {
  const project = await projectOf(p.installationProjectId);
  const [asBuilt] = await useTransaction((tx) =>
    tx.select().from(vendorAsBuiltTable).where(eq(vendorAsBuiltTable.id, p.asBuiltId)),
  );
  if (!project || !asBuilt) return;
  const kind = p.accepted ? "contract_as_built_accepted" : "contract_as_built_rejected";
  await tell(eventId, kind, await vendorUsers(asBuilt.vendorOrganizationId), project, vendorLink(project), {
    actorName: null,
    excerpt: asBuilt.reviewReason ? excerptOf(asBuilt.reviewReason) : `Version ${asBuilt.version}`,
  });
}
