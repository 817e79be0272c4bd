import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { organizationTable } from "../organization/organization.sql";
import { useConfig } from "../platform/config";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, int, pageLimit, text } from "../platform/input";
import * as Money from "../platform/money";
import { emit } from "../platform/outbox";
import { live, liveRow } from "../platform/soft-delete";
import { projectTable } from "../project/project.sql";
import { nextInSeries } from "../ticket/numbering";
import type { MapSettings } from "../track/map";
import { contractSettingTable, type InstallationStatus, installationProjectTable } from "./contract.sql";
import { Events } from "./events";
import {
  biddingOpen,
  conflict,
  invalid,
  iso,
  namesOf,
  type Party,
  type ProjectRow,
  ProjectStatus,
  partyOf,
  projectFor,
  projectNames,
  staffUser,
  thresholdOf,
  vendorSees,
} from "./shared";
import { DEFAULT_APPROVAL_THRESHOLD_MINOR, MIN_BIDDING_DAYS } from "./values";

const SERIES = { scope: "installation_project", pattern: "IP-{YYYY}-", padding: 5 };
const DAY = 24 * 3600 * 1000;

export const ProjectInfo = z.object({
  id: z.uuid(),
  number: z.string(),
  projectId: z.uuid(),
  /** The project's number and name ("PRJ-2026-00012 · Lekki phase 2"). */
  projectName: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  region: z.string().nullable(),
  status: ProjectStatus,
  currency: z.string(),
  biddingOpensAt: z.iso.datetime().nullable(),
  biddingClosesAt: z.iso.datetime().nullable(),
  /** Whether a vendor may bid now (window open, not assigned). */
  biddingOpen: z.boolean(),
  /** The vendor building it (assigned or approved); a vendor sees only its own. */
  vendorOrganizationId: z.uuid().nullable(),
  vendorName: z.string().nullable(),
  approvedQuoteId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export async function projectInfos(tx: Tx, party: Party, rows: ProjectRow[]): Promise<ProjectInfo[]> {
  const names = await namesOf(
    tx,
    [],
    rows.map((r) => r.vendorOrganizationId),
  );
  const projects = await projectNames(
    tx,
    rows.map((r) => r.projectId),
  );
  const now = new Date();
  return rows.map((r) => {
    // A vendor never learns which other organisation won or was assigned.
    const mine = party.kind === "staff" || r.vendorOrganizationId === party.orgId;
    return {
      id: r.id,
      number: r.number,
      projectId: r.projectId,
      projectName: projects.get(r.projectId) ?? null,
      title: r.title,
      description: r.description,
      region: r.region,
      status: r.status,
      currency: r.currency,
      biddingOpensAt: iso(r.biddingOpensAt),
      biddingClosesAt: iso(r.biddingClosesAt),
      biddingOpen: biddingOpen(r, now),
      vendorOrganizationId: mine ? r.vendorOrganizationId : null,
      vendorName: mine ? names.org(r.vendorOrganizationId) : null,
      approvedQuoteId: party.kind === "staff" ? r.approvedQuoteId : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}
export const projectInfo = async (tx: Tx, party: Party, row: ProjectRow) =>
  (await projectInfos(tx, party, [row]))[0] as ProjectInfo;

/** Moves a project's status, with its event and audit row; the caller has checked the move. */
export async function moveProject(
  tx: Tx,
  row: ProjectRow,
  to: InstallationStatus,
  set: Partial<typeof installationProjectTable.$inferInsert> = {},
): Promise<ProjectRow> {
  const [after] = await tx
    .update(installationProjectTable)
    .set({ ...set, status: to })
    .where(eq(installationProjectTable.id, row.id))
    .returning();
  const next = after as ProjectRow;
  if (row.status !== to) {
    await emit(Events.ProjectStatusChanged, {
      installationProjectId: row.id,
      from: row.status,
      to,
      vendorOrganizationId: next.vendorOrganizationId,
    });
  }
  await Audit.record({
    action: "contract.project_status_changed",
    entityType: "installation_project",
    entityId: row.id,
    changes: Audit.diff(row, next, ["status", ...Object.keys(set)]),
  });
  return next;
}

/**
 * Opens the contractor side of a project (1:1: a second one for the same project is a conflict),
 * numbered IP-YYYY-00001, as a draft in the project's currency. (vendor:project:write)
 */
export const create = fn(
  z.object({
    projectId: id(),
    title: text(300).optional(),
    description: text(20_000).optional(),
    region: text(100).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be a three-letter currency code")
      .default("NGN"),
  }),
  async (input): Promise<ProjectInfo> => {
    const me = staffUser("vendor:project:write");
    return createTransaction(async (tx) => {
      const project = await liveRow(tx, projectTable, "Project", input.projectId).catch(() => {
        throw invalid("projectId", "does not exist");
      });
      const [existing] = await tx
        .select({ number: installationProjectTable.number })
        .from(installationProjectTable)
        .where(and(eq(installationProjectTable.projectId, input.projectId), live(installationProjectTable)));
      if (existing) {
        throw conflict(
          `Project ${project.number} already has installation project ${existing.number}`,
          "installation_exists",
        );
      }
      const [row] = await tx
        .insert(installationProjectTable)
        .values({
          number: await nextInSeries(tx, SERIES),
          projectId: project.id,
          title: input.title ?? project.name,
          description: input.description ?? null,
          region: input.region ?? project.region,
          currency: input.currency,
          createdById: me,
        })
        .returning();
      const created = row as ProjectRow;
      await Audit.record({
        action: "contract.project_created",
        entityType: "installation_project",
        entityId: created.id,
        changes: Audit.diff(null, created, ["number", "projectId", "title", "currency"]),
      });
      return projectInfo(tx, { kind: "staff", userId: me }, created);
    });
  },
);

/**
 * Opens a draft for bidding until `closesAt`, at least seven days from now (v1's minimum); vendors
 * see it among available projects until then. (vendor:project:write)
 */
export const openBidding = fn(z.object({ id: id(), closesAt: instant() }), async (input): Promise<ProjectInfo> => {
  const me = staffUser("vendor:project:write");
  return createTransaction(async (tx) => {
    const party: Party = { kind: "staff", userId: me };
    const row = await projectFor(tx, party, input.id, true);
    if (row.status !== "draft") {
      throw conflict(
        `Installation project ${row.number} is ${row.status}: only a draft opens for bidding`,
        "not_draft",
      );
    }
    const now = new Date();
    if (input.closesAt.getTime() - now.getTime() < MIN_BIDDING_DAYS * DAY) {
      throw invalid("closesAt", `the bidding window must be at least ${MIN_BIDDING_DAYS} days from now`);
    }
    const next = await moveProject(tx, row, "open_for_bidding", {
      biddingOpensAt: now,
      biddingClosesAt: input.closesAt,
    });
    return projectInfo(tx, party, next);
  });
});

/** Assigns a draft (or a project still open for bidding) straight to one vendor organisation. */
export const assign = fn(z.object({ id: id(), vendorOrganizationId: id() }), async (input): Promise<ProjectInfo> => {
  const me = staffUser("vendor:project:write");
  return createTransaction(async (tx) => {
    const party: Party = { kind: "staff", userId: me };
    const row = await projectFor(tx, party, input.id, true);
    if (row.status !== "draft" && row.status !== "open_for_bidding") {
      throw conflict(`Installation project ${row.number} is ${row.status}: it can no longer be assigned`, "not_draft");
    }
    const [vendor] = await tx
      .select({ id: organizationTable.id })
      .from(organizationTable)
      .where(
        and(
          eq(organizationTable.id, input.vendorOrganizationId),
          eq(organizationTable.accountType, "vendor"),
          live(organizationTable),
        ),
      );
    if (!vendor) throw invalid("vendorOrganizationId", "is not a live vendor organisation");
    const next = await moveProject(tx, row, "assigned", { vendorOrganizationId: vendor.id });
    return projectInfo(tx, party, next);
  });
});

/**
 * Staff and the building vendor move the work along: approved → in_progress (the vendor starts);
 * staff may cancel anything not yet verified. Completion comes with the as-built, verification with
 * its acceptance.
 */
export const transition = fn(
  z.object({ id: id(), to: z.enum(["in_progress", "canceled"]) }),
  async (input): Promise<ProjectInfo> =>
    createTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:write");
      const row = await projectFor(tx, party, input.id, true);
      if (row.status === input.to) return projectInfo(tx, party, row);
      if (input.to === "in_progress") {
        if (party.kind === "vendor" && row.vendorOrganizationId !== party.orgId) {
          throw new AppError("forbidden", `Installation project ${row.number} is not awarded to your organisation`);
        }
        if (row.status !== "approved") {
          throw conflict(
            `Installation project ${row.number} is ${row.status}: work starts once a quote is approved`,
            "not_approved",
          );
        }
      } else {
        if (party.kind === "vendor") throw new AppError("forbidden", "Only staff cancel an installation project");
        if (row.status === "verified") throw conflict(`Installation project ${row.number} is verified`, "verified");
      }
      return projectInfo(tx, party, await moveProject(tx, row, input.to));
    }),
);

export const ListFilters = z.object({
  /** Vendors: `available` (open for bidding now) or `mine` (assigned, quoted or building). */
  scope: z.enum(["all", "available", "mine"]).default("all"),
  status: ProjectStatus.optional(),
  limit: pageLimit(200, 100),
});

/** Installation projects, newest first: staff see all; a vendor what is open to it and its own. */
export const list = fn(
  ListFilters,
  async (input): Promise<{ items: ProjectInfo[] }> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      const p = installationProjectTable;
      const where: (SQL | undefined)[] = [live(p), input.status ? eq(p.status, input.status) : undefined];
      if (party.kind === "vendor") {
        where.push(vendorSees(party.orgId));
        if (input.scope === "available") {
          where.push(sql`${p.vendorOrganizationId} is null`, inArray(p.status, ["open_for_bidding", "quoted"]));
          where.push(sql`${p.biddingClosesAt} > now()`);
        } else if (input.scope === "mine") {
          where.push(
            sql`(${p.vendorOrganizationId} = ${party.orgId} or exists (select 1 from vendor_quote q where q.installation_project_id = ${p.id} and q.vendor_organization_id = ${party.orgId}))`,
          );
        }
      }
      const rows = await tx
        .select()
        .from(p)
        .where(and(...where))
        .orderBy(desc(p.createdAt), desc(p.id))
        .limit(input.limit);
      return { items: await projectInfos(tx, party, rows) };
    }),
);

export const SettingsInfo = z.object({
  /** Quotes above this total (minor units of the project's currency) need a second, different approver. */
  approvalThresholdMinor: z.number().int(),
});

export const settings = fn(z.object({}).default({}), async () => {
  staffUser("vendor:project:read");
  return useTransaction(async (tx) => ({ approvalThresholdMinor: await thresholdOf(tx) }));
});

/** Sets the second-approver threshold (vendor:write). */
export const saveSettings = fn(
  z.object({ approvalThresholdMinor: int(0, Money.MAX_MINOR) }),
  async (input): Promise<z.infer<typeof SettingsInfo>> => {
    const me = staffUser("vendor:write");
    return createTransaction(async (tx) => {
      const before = await thresholdOf(tx);
      await tx
        .insert(contractSettingTable)
        .values({ id: "default", approvalThresholdMinor: input.approvalThresholdMinor, updatedById: me })
        .onConflictDoUpdate({
          target: contractSettingTable.id,
          set: { approvalThresholdMinor: input.approvalThresholdMinor, updatedById: me },
        });
      if (before !== input.approvalThresholdMinor) {
        await Audit.record({
          action: "contract.settings_changed",
          entityType: "contract_setting",
          entityId: null,
          changes: { approvalThresholdMinor: { from: before, to: input.approvalThresholdMinor } },
        });
      }
      return { approvalThresholdMinor: input.approvalThresholdMinor };
    });
  },
);

export { DEFAULT_APPROVAL_THRESHOLD_MINOR };

/** One installation project `party` may see (a vendor: available to it or its own). */
export const get = fn(
  id(),
  async (projectId): Promise<ProjectInfo> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      return projectInfo(tx, party, await projectFor(tx, party, projectId));
    }),
);

/**
 * The map tiles the route drawing uses (MAP_TILE_URL, as the dispatch board's): for vendors and staff
 * of this domain. Drawing still works without tiles, and the coordinates list is the alternative.
 */
export const mapSettings = fn(z.object({}).default({}), async (): Promise<MapSettings> => {
  await useTransaction((tx) => partyOf(tx, "vendor:project:read"));
  const config = useConfig();
  return { tileUrl: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION };
});
