import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { useActor } from "../platform/context";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, text } from "../platform/input";
import * as Money from "../platform/money";
import { emit } from "../platform/outbox";
import * as Upload from "../upload";
import { uploadTable } from "../upload/upload.sql";
import {
  asBuiltStatuses,
  installationProjectTable,
  type RouteLine,
  variationTypes,
  vendorAsBuiltFileTable,
  vendorAsBuiltTable,
  vendorQuoteTable,
  vendorQuoteVersionTable,
} from "./contract.sql";
import { Events } from "./events";
import * as geo from "./geo";
import { moveProject } from "./project";
import {
  assertBuilder,
  conflict,
  invalid,
  iso,
  namesOf,
  type Party,
  partyOf,
  projectFor,
  projectNames,
  RouteInfo,
  RouteInput,
  scopedRow,
  staffUser,
  vendorParty,
} from "./shared";

type AsBuiltRow = typeof vendorAsBuiltTable.$inferSelect;

export const VariationInput = z.object({
  type: z.enum(variationTypes),
  description: text(2000),
  /** Signed change to the approved total, minor units (a reduction is negative). */
  amountMinor: int(-Money.MAX_MINOR, Money.MAX_MINOR).default(0),
});

export const FileInfo = z.object({
  uploadId: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const AsBuiltInfo = z.object({
  id: z.uuid(),
  installationProjectId: z.uuid(),
  vendorOrganizationId: z.uuid(),
  vendorName: z.string().nullable(),
  version: z.number().int(),
  status: z.enum(asBuiltStatuses),
  variations: z.array(z.object({ type: z.enum(variationTypes), description: z.string(), amountMinor: z.number() })),
  route: RouteInfo.nullable(),
  /** The as-built route's geodesic length (WGS84), whole metres; null without a route. */
  lengthMetres: z.number().int().nullable(),
  /** The route the approved quote proposed (its approved version), to compare with what was built. */
  proposed: z
    .object({
      quoteNumber: z.string(),
      version: z.number().int(),
      route: RouteInfo,
      lengthMetres: z.number().int(),
    })
    .nullable(),
  /** As-built minus proposed length, metres (positive: longer than proposed); null unless both exist. */
  lengthDifferenceMetres: z.number().int().nullable(),
  notes: z.string().nullable(),
  files: z.array(FileInfo),
  submittedById: z.uuid().nullable(),
  submittedByName: z.string().nullable(),
  reviewedById: z.uuid().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.iso.datetime().nullable(),
  reviewReason: z.string().nullable(),
  /** Whether the PDF report is ready (`report` answers a download link). */
  hasReport: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type AsBuiltInfo = z.infer<typeof AsBuiltInfo>;

async function infos(tx: Tx, rows: AsBuiltRow[]): Promise<AsBuiltInfo[]> {
  if (rows.length === 0) return [];
  const files = await tx
    .select({ asBuiltId: vendorAsBuiltFileTable.asBuiltId, u: uploadTable })
    .from(vendorAsBuiltFileTable)
    .innerJoin(uploadTable, eq(uploadTable.id, vendorAsBuiltFileTable.uploadId))
    .where(
      inArray(
        vendorAsBuiltFileTable.asBuiltId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(vendorAsBuiltFileTable.createdAt), asc(vendorAsBuiltFileTable.id));
  const names = await namesOf(
    tx,
    rows.flatMap((r) => [r.submittedById, r.reviewedById]),
    rows.map((r) => r.vendorOrganizationId),
  );
  const proposals = await proposedRoutes(tx, [...new Set(rows.map((r) => r.installationProjectId))]);
  return rows.map((r) => {
    const lengthMetres = geo.lengthMetres(r.route);
    const proposed = proposals.get(r.installationProjectId) ?? null;
    return {
      id: r.id,
      installationProjectId: r.installationProjectId,
      vendorOrganizationId: r.vendorOrganizationId,
      vendorName: names.org(r.vendorOrganizationId),
      version: r.version,
      status: r.status,
      variations: r.variations,
      route: r.route ?? null,
      lengthMetres,
      proposed,
      lengthDifferenceMetres: proposed && lengthMetres !== null ? lengthMetres - proposed.lengthMetres : null,
      notes: r.notes,
      files: files
        .filter((f) => f.asBuiltId === r.id)
        .map(({ u }) => ({
          uploadId: u.id,
          filename: u.filename,
          contentType: u.detectedType ?? u.declaredType,
          size: u.size ?? 0,
        })),
      submittedById: r.submittedById,
      submittedByName: names.user(r.submittedById),
      reviewedById: r.reviewedById,
      reviewedByName: names.user(r.reviewedById),
      reviewedAt: iso(r.reviewedAt),
      reviewReason: r.reviewReason,
      hasReport: r.reportUploadId !== null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** Each project's approved quote's route as approved (the quote's current version), with its length. */
async function proposedRoutes(tx: Tx, projectIds: string[]) {
  const q = vendorQuoteTable;
  const v = vendorQuoteVersionTable;
  const rows = await tx
    .select({ projectId: installationProjectTable.id, number: q.number, version: v.version, route: v.route })
    .from(installationProjectTable)
    .innerJoin(q, eq(q.id, installationProjectTable.approvedQuoteId))
    .innerJoin(v, and(eq(v.quoteId, q.id), eq(v.version, q.version)))
    .where(inArray(installationProjectTable.id, projectIds));
  const out = new Map<string, NonNullable<AsBuiltInfo["proposed"]>>();
  for (const r of rows) {
    if (r.route) {
      out.set(r.projectId, {
        quoteNumber: r.number,
        version: r.version,
        route: r.route,
        lengthMetres: geo.lengthMetres(r.route) ?? 0,
      });
    }
  }
  return out;
}
const info = async (tx: Tx, row: AsBuiltRow) => (await infos(tx, [row]))[0] as AsBuiltInfo;

/** The as-built `party` may see: staff any; a vendor its own organisation's only (else not_found). */
const asBuiltFor = (tx: Tx, party: Party, asBuiltId: string, lock = false): Promise<AsBuiltRow> =>
  scopedRow(tx, vendorAsBuiltTable, "As-built", party, asBuiltId, lock);

const BUILDING = ["approved", "in_progress", "completed"];

/** An upload slot for an as-built file (photos, PDFs): the project must be the vendor's to build. */
export const createSlot = fn(
  z.object({
    installationProjectId: id(),
    filename: Upload.createSlot.schema.shape.filename,
    contentType: Upload.createSlot.schema.shape.contentType,
    size: Upload.createSlot.schema.shape.size,
  }),
  async ({ installationProjectId, ...file }) => {
    await useTransaction(async (tx) => {
      const party = await vendorParty(tx);
      assertBuilder(await projectFor(tx, party, installationProjectId), party);
    });
    const slot = await Upload.createSlot(file);
    return { uploadId: slot.id, url: slot.url, fields: slot.fields, maxBytes: file.size, expiresAt: slot.expiresAt };
  },
);

/**
 * The vendor reports what it built: variations from the approved quote, the as-built route, and
 * files it uploaded (each accepted by the byte check, each its own). Versioned per project; one
 * awaits review at a time, so a double submit is a conflict. The project becomes completed.
 */
export const submit = fn(
  z.object({
    installationProjectId: id(),
    variations: z.array(VariationInput).max(100).default([]),
    route: RouteInput.nullish(),
    notes: text(10_000).optional(),
    uploadIds: z
      .array(id())
      .max(50)
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, "lists a file twice"),
  }),
  async (input): Promise<AsBuiltInfo> =>
    createTransaction(async (tx) => {
      const party = await vendorParty(tx);
      const project = await projectFor(tx, party, input.installationProjectId, true);
      assertBuilder(project, party);
      const uploads =
        input.uploadIds.length > 0
          ? await tx.select().from(uploadTable).where(inArray(uploadTable.id, input.uploadIds))
          : [];
      const me = Upload.uploaderOf(useActor());
      for (const [i, uploadId] of input.uploadIds.entries()) {
        const u = uploads.find((x) => x.id === uploadId);
        // Another user's (or another vendor's) upload is as unknown as a missing one.
        if (!u || u.createdBy !== me)
          throw new AppError("not_found", `uploadIds.${i}: upload ${uploadId} does not exist`, [
            { path: `uploadIds.${i}`, message: "is not an upload of yours" },
          ]);
        if (u.status === "pending")
          throw conflict(`${u.filename} is still being checked; retry in a moment`, "upload_pending");
        if (u.status === "rejected") {
          throw new AppError(
            "unsupported_media_type",
            `${u.filename} was refused: ${u.reason ?? "the file was refused"}`,
            [{ path: `uploadIds.${i}`, message: u.reason ?? "refused" }],
          );
        }
      }
      if (!BUILDING.includes(project.status)) {
        throw conflict(
          `Installation project ${project.number} is ${project.status}: no as-built is expected`,
          "not_building",
        );
      }
      const [pending] = await tx
        .select({ version: vendorAsBuiltTable.version })
        .from(vendorAsBuiltTable)
        .where(
          and(eq(vendorAsBuiltTable.installationProjectId, project.id), eq(vendorAsBuiltTable.status, "submitted")),
        );
      if (pending) {
        throw conflict(
          `As-built version ${pending.version} is awaiting review: wait for staff's decision`,
          "as_built_pending",
        );
      }
      const [{ last } = { last: 0 }] = await tx
        .select({ last: max(vendorAsBuiltTable.version) })
        .from(vendorAsBuiltTable)
        .where(eq(vendorAsBuiltTable.installationProjectId, project.id));
      const [row] = await tx
        .insert(vendorAsBuiltTable)
        .values({
          installationProjectId: project.id,
          vendorOrganizationId: party.orgId,
          version: (last ?? 0) + 1,
          variations: input.variations,
          route: (input.route as RouteLine | null | undefined) ?? null,
          notes: input.notes ?? null,
          submittedById: party.userId,
        })
        .returning();
      const created = row as AsBuiltRow;
      if (input.uploadIds.length > 0) {
        const taken = await tx
          .select({ uploadId: vendorAsBuiltFileTable.uploadId })
          .from(vendorAsBuiltFileTable)
          .where(inArray(vendorAsBuiltFileTable.uploadId, input.uploadIds));
        if (taken.length > 0)
          throw invalid("uploadIds", "a file is already part of an earlier as-built; upload it again");
        await tx
          .insert(vendorAsBuiltFileTable)
          .values(input.uploadIds.map((uploadId) => ({ asBuiltId: created.id, uploadId })));
      }
      await Audit.record({
        action: "contract.as_built_submitted",
        entityType: "vendor_as_built",
        entityId: created.id,
        changes: Audit.diff(null, created, ["installationProjectId", "version", "variations"]),
      });
      await emit(Events.AsBuiltSubmitted, {
        asBuiltId: created.id,
        installationProjectId: project.id,
        version: created.version,
      });
      if (project.status !== "completed") await moveProject(tx, project, "completed");
      return info(tx, created);
    }),
);

/** A project's as-builts, newest version first: staff all; a vendor its own organisation's. */
export const list = fn(
  z.object({ installationProjectId: id() }),
  async (input): Promise<{ items: AsBuiltInfo[] }> =>
    useTransaction(async (tx) => {
      const party = await partyOf(tx, "vendor:project:read");
      await projectFor(tx, party, input.installationProjectId);
      const a = vendorAsBuiltTable;
      const rows = await tx
        .select()
        .from(a)
        .where(
          and(
            eq(a.installationProjectId, input.installationProjectId),
            party.kind === "vendor" ? eq(a.vendorOrganizationId, party.orgId) : undefined,
          ),
        )
        .orderBy(desc(a.version));
      return { items: await infos(tx, rows) };
    }),
);

/** Renders the as-built report (jsPDF, loaded only here) and stores it as an upload. */
async function renderReport(tx: Tx, row: AsBuiltRow): Promise<string> {
  const full = await info(tx, row);
  const [ip] = await tx
    .select()
    .from(installationProjectTable)
    .where(eq(installationProjectTable.id, row.installationProjectId));
  if (!ip) throw new AppError("not_found", "Installation project is gone");
  const [quote] = ip.approvedQuoteId
    ? await tx.select().from(vendorQuoteTable).where(eq(vendorQuoteTable.id, ip.approvedQuoteId))
    : [];
  const projectName = (await projectNames(tx, [ip.projectId])).get(ip.projectId) ?? ip.title;
  const money = (m: number) => `${ip.currency} ${Money.amountString(m, ip.currency)}`;
  const variationTotal = full.variations.reduce((s, v) => Money.sum(s, v.amountMinor), 0);
  const { renderPdf } = await import("../platform/pdf");
  const bytes = await renderPdf(
    {
      title: `As-built report ${ip.number} v${full.version}`,
      subject: projectName,
      createdAt: row.reviewedAt ?? row.createdAt,
      footer: `${ip.number} · as-built v${full.version}`,
    },
    (w) => {
      w.heading(`As-built report · ${ip.number}`);
      w.paragraph(ip.title, { bold: true });
      w.fields([
        ["Project", projectName],
        ["Contractor", full.vendorName ?? ""],
        ["Version", String(full.version)],
        ["Status", full.status],
        ["Submitted", full.createdAt.slice(0, 10)],
        ["Reviewed by", full.reviewedByName ?? ""],
        ["Reviewed", full.reviewedAt?.slice(0, 10) ?? ""],
        ["Approved quote", quote ? `${quote.number}: ${money(quote.totalMinor)}` : "none"],
        ["Variations", money(variationTotal)],
        ["Final value", quote ? money(Money.sum(quote.totalMinor, variationTotal)) : ""],
        ["Proposed length", full.proposed ? `${full.proposed.lengthMetres} m` : "no proposed route"],
        ["As-built length", full.lengthMetres === null ? "no as-built route" : `${full.lengthMetres} m`],
        [
          "Difference",
          full.lengthDifferenceMetres === null
            ? ""
            : `${full.lengthDifferenceMetres > 0 ? "+" : ""}${full.lengthDifferenceMetres} m`,
        ],
      ]);
      if (full.reviewReason) w.paragraph(`Review: ${full.reviewReason}`);
      w.heading("Variations", 2);
      if (full.variations.length === 0) w.paragraph("None: built as quoted.", { muted: true });
      else
        w.table(
          [
            { header: "Type", width: 2 },
            { header: "Description", width: 5 },
            { header: "Amount", width: 2, align: "right" },
          ],
          full.variations.map((v) => [v.type.replace(/_/g, " "), v.description, money(v.amountMinor)]),
          [["", "Total", money(variationTotal)]],
        );
      w.heading("Route", 2);
      const coords = full.route?.coordinates ?? [];
      if (coords.length === 0) w.paragraph("No as-built route drawn.", { muted: true });
      else
        w.table(
          [
            { header: "#", width: 1 },
            { header: "Longitude", width: 3, align: "right" },
            { header: "Latitude", width: 3, align: "right" },
          ],
          coords.map(([lon, lat], i) => [String(i + 1), lon.toFixed(6), lat.toFixed(6)]),
        );
      w.heading("Files", 2);
      if (full.files.length === 0) w.paragraph("No files.", { muted: true });
      else for (const f of full.files) w.paragraph(`${f.filename} (${f.contentType}, ${f.size} bytes)`);
      if (full.notes) {
        w.heading("Notes", 2);
        w.paragraph(full.notes);
      }
    },
  );
  return Upload.store({
    bytes,
    filename: `${ip.number}-as-built-v${full.version}.pdf`,
    contentType: "application/pdf",
  });
}

/**
 * Staff accept or reject a submitted as-built, with a reason (required to reject). Accepting verifies
 * the project and generates the PDF report; rejecting asks the vendor for the next version.
 */
export const review = fn(
  z.object({ id: id(), decision: z.enum(["accept", "reject"]), reason: text(5000).optional() }),
  async (input): Promise<AsBuiltInfo> => {
    const me = staffUser("vendor:project:write");
    if (input.decision === "reject" && !input.reason) throw invalid("reason", "say why the as-built is rejected");
    return createTransaction(async (tx) => {
      const party: Party = { kind: "staff", userId: me };
      const first = await asBuiltFor(tx, party, input.id);
      const project = await projectFor(tx, party, first.installationProjectId, true);
      const before = await asBuiltFor(tx, party, input.id, true);
      const status = input.decision === "accept" ? "accepted" : "rejected";
      if (before.status === status) return info(tx, before);
      if (before.status !== "submitted") {
        throw conflict(`As-built version ${before.version} was already ${before.status}`, "as_built_decided");
      }
      const [row] = await tx
        .update(vendorAsBuiltTable)
        .set({ status, reviewedById: me, reviewedAt: new Date(), reviewReason: input.reason ?? null })
        .where(eq(vendorAsBuiltTable.id, before.id))
        .returning();
      let after = row as AsBuiltRow;
      await Audit.record({
        action: "contract.as_built_reviewed",
        entityType: "vendor_as_built",
        entityId: before.id,
        changes: Audit.diff(before, after, ["status", "reviewedById", "reviewReason"]),
      });
      await emit(Events.AsBuiltReviewed, {
        asBuiltId: before.id,
        installationProjectId: project.id,
        accepted: status === "accepted",
      });
      if (status === "accepted") {
        await moveProject(tx, project, "verified");
        const reportUploadId = await renderReport(tx, after);
        const [withReport] = await tx
          .update(vendorAsBuiltTable)
          .set({ reportUploadId })
          .where(eq(vendorAsBuiltTable.id, before.id))
          .returning();
        after = withReport as AsBuiltRow;
      }
      return info(tx, after);
    });
  },
);

const Download = z.object({ url: z.string(), expiresAt: z.iso.datetime() });
const link = async (uploadId: string) => ({
  url: await Upload.downloadUrl(uploadId),
  expiresAt: new Date(Date.now() + Upload.DOWNLOAD_TTL_SECONDS * 1000).toISOString(),
});

/**
 * A short-lived link to one file of an as-built, by ids only: the file must belong to that as-built
 * and the as-built to the caller's reach. There is no path anywhere (v1 served a stored file path).
 */
export const file = fn(z.object({ id: id(), uploadId: id() }), async (input): Promise<z.infer<typeof Download>> => {
  await useTransaction(async (tx) => {
    const party = await partyOf(tx, "vendor:project:read");
    await asBuiltFor(tx, party, input.id);
    const [found] = await tx
      .select({ id: vendorAsBuiltFileTable.id })
      .from(vendorAsBuiltFileTable)
      .where(and(eq(vendorAsBuiltFileTable.asBuiltId, input.id), eq(vendorAsBuiltFileTable.uploadId, input.uploadId)));
    if (!found) throw new AppError("not_found", `File ${input.uploadId} is not part of as-built ${input.id}`);
  });
  return link(input.uploadId);
});

/** A short-lived link to the as-built's PDF report (accepted as-builts; generated now if missing). */
export const report = fn(id(), async (asBuiltId): Promise<z.infer<typeof Download>> => {
  const uploadId = await createTransaction(async (tx) => {
    const party = await partyOf(tx, "vendor:project:read");
    const row = await asBuiltFor(tx, party, asBuiltId, true);
    if (row.status !== "accepted") {
      throw conflict(
        `As-built version ${row.version} is ${row.status}: the report comes with acceptance`,
        "not_accepted",
      );
    }
    if (row.reportUploadId) return row.reportUploadId;
    const generated = await renderReport(tx, row);
    await tx.update(vendorAsBuiltTable).set({ reportUploadId: generated }).where(eq(vendorAsBuiltTable.id, row.id));
    return generated;
  });
  return link(uploadId);
});

export { Download };
