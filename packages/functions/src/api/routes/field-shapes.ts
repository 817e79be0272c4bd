import type * as Field from "@dotmac/core/field";
import { z } from "@hono/zod-openapi";

/**
 * The answers v1's technician app parses, in its snake_case, and the mapping from our domains' shapes.
 * Every field here is one a model of the app reads (tests/contract/v1-field-app.md), or one v1's server
 * sent beside it.
 */

type JobsApi = typeof Field.Jobs;
type Job = Awaited<ReturnType<JobsApi["jobs"]>>[number];
type JobView = Awaited<ReturnType<JobsApi["job"]>>;
type Detail = JobView["detail"];
type NoteInfo = Detail["notes"][number];
type AttachmentInfo = Detail["attachments"][number];
type MaterialInfo = JobView["materials"][number];
type WorklogInfo = JobView["worklogs"][number];

const iso = z.string().nullable();

export const Me = z
  .object({
    person_id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    technician_title: z.string().nullable(),
    region: z.string().nullable(),
    open_jobs: z.number().int(),
    completed_today: z.number().int(),
  })
  .openapi("FieldMe");

export const me = (m: Awaited<ReturnType<JobsApi["me"]>>) => ({
  person_id: m.userId,
  name: m.name,
  email: m.email,
  technician_title: null,
  region: null,
  open_jobs: m.openJobs,
  completed_today: m.completedToday,
});

export const JobSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    status: z.string(),
    priority: z.string(),
    work_type: z.string(),
    scheduled_start: iso,
    scheduled_end: iso,
    estimated_duration_minutes: z.number().int().nullable(),
    estimated_arrival_at: iso,
    started_at: iso,
    completed_at: iso,
  })
  .openapi("FieldJobSummary");

export const jobSummary = (j: Job) => ({
  id: j.id,
  number: j.number,
  title: j.title,
  description: j.description,
  status: j.status,
  priority: j.priority,
  work_type: j.workType,
  scheduled_start: j.scheduledStart,
  scheduled_end: j.scheduledEnd,
  estimated_duration_minutes: j.estimatedDurationMinutes,
  estimated_arrival_at: j.estimatedArrivalAt,
  started_at: j.startedAt,
  completed_at: j.completedAt,
});

/** One line of text for the address, as v1's `address_text`. */
export function addressText(a: Job["address"]): string | null {
  if (!a) return null;
  return [a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter((x) => x?.trim()).join(", ") || null;
}

export const Location = z
  .object({
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    address_text: z.string().nullable(),
    source: z.enum(["cached", "address_only", "none"]),
  })
  .openapi("FieldJobLocation");

export const location = (j: Job) => {
  const address = addressText(j.address);
  const located = j.latitude !== null && j.longitude !== null;
  return {
    latitude: j.latitude,
    longitude: j.longitude,
    address_text: address,
    source: located ? ("cached" as const) : address ? ("address_only" as const) : ("none" as const),
  };
};

export const Note = z
  .object({
    id: z.string(),
    body: z.string(),
    is_internal: z.boolean(),
    author_person_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("FieldNoteRead");

export const note = (n: NoteInfo) => ({
  id: n.id,
  body: n.body,
  is_internal: n.internal,
  author_person_id: n.authorId,
  created_at: n.createdAt,
});

export const Attachment = z
  .object({
    id: z.string(),
    work_order_id: z.string(),
    kind: z.string(),
    file_name: z.string(),
    mime_type: z.string(),
    size_bytes: z.number().int(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    captured_at: iso,
    signer_name: z.string().nullable(),
    client_ref: z.string().nullable(),
    created_at: z.string(),
    download_path: z.string(),
  })
  .openapi("FieldAttachment");

export const attachment = (a: AttachmentInfo, workOrderId: string) => ({
  id: a.id,
  work_order_id: workOrderId,
  kind: a.kind,
  file_name: a.filename,
  mime_type: a.contentType,
  size_bytes: a.size,
  latitude: a.latitude,
  longitude: a.longitude,
  captured_at: a.capturedAt,
  signer_name: a.signerName,
  client_ref: a.clientRef,
  created_at: a.createdAt,
  // The job's id rides along as a query parameter (an id, never a credential).
  download_path: `/api/v1/field/attachments/${a.id}/content?work_order_id=${workOrderId}`,
});

export const Material = z
  .object({
    id: z.string(),
    item_id: z.string(),
    item_name: z.string().nullable(),
    item_sku: z.string().nullable(),
    unit: z.string().nullable(),
    quantity: z.number().int(),
    consumed_quantity: z.number().int(),
    status: z.string(),
  })
  .openapi("FieldMaterial");

export const material = (m: MaterialInfo) => ({
  id: m.id,
  item_id: m.itemId,
  item_name: m.name,
  item_sku: m.sku,
  unit: m.unit,
  quantity: m.quantity,
  consumed_quantity: m.consumedQuantity,
  status: m.status,
});

export const Worklog = z
  .object({
    id: z.string(),
    person_id: z.string(),
    start_at: z.string(),
    end_at: z.string().nullable(),
    minutes: z.number().int(),
    notes: z.string().nullable(),
  })
  .openapi("FieldWorklog");

export const worklog = (w: WorklogInfo) => ({
  id: w.id,
  person_id: w.userId,
  start_at: w.startedAt,
  end_at: w.endedAt,
  minutes: w.minutes,
  notes: w.note,
});

export const WorklogResults = z
  .object({ results: z.array(z.object({ worklog: Worklog, duplicate: z.boolean(), backdated: z.boolean() })) })
  .openapi("FieldWorklogResults");

export const worklogResults = (results: Awaited<ReturnType<JobsApi["logWork"]>>) => ({
  results: results.map((r) => ({ worklog: worklog(r.worklog), duplicate: r.duplicate, backdated: false })),
});

export const Customer = z
  .object({
    subscriber_id: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    address_text: z.string().nullable(),
    service_plan: z.string().nullable(),
    account_number: z.string().nullable(),
    status: z.string().nullable(),
  })
  .openapi("FieldCustomer");

export const JobDetail = z
  .object({
    job: JobSummary,
    customer: Customer.nullable(),
    location: Location,
    access_notes: z.string().nullable(),
    ticket_ref: z.string().nullable(),
    project_id: z.string().nullable(),
    notes: z.array(Note),
    attachments: z.array(Attachment),
    materials: z.array(Material),
    worklogs: z.array(Worklog),
  })
  .openapi("FieldJobDetail");

export const jobDetail = (v: JobView) => {
  const d = v.detail;
  return {
    job: jobSummary(d),
    customer: d.customer
      ? {
          subscriber_id: d.subscriberId,
          name: d.customer.name,
          phone: d.customer.phone,
          email: d.customer.email,
          address_text: addressText(d.address),
          service_plan: null,
          account_number: null,
          status: null,
        }
      : null,
    location: location(d),
    access_notes: d.accessNotes,
    ticket_ref: d.ticketId,
    project_id: d.projectId,
    notes: d.notes.map(note),
    attachments: d.attachments.map((a) => attachment(a, d.id)),
    materials: v.materials.map(material),
    worklogs: v.worklogs.map(worklog),
  };
};

export const TransitionResult = z
  .object({
    job: JobSummary,
    event: z.string(),
    event_id: z.string(),
    replayed: z.boolean(),
    applied: z.boolean(),
    ignored_reason: z.string().nullable(),
  })
  .openapi("FieldTransitionResult");

export const transitionResult = (
  r: Awaited<ReturnType<JobsApi["recordEvent"]>>,
  event: string,
  clientEventId: string,
) => ({
  job: jobSummary(r.workOrder),
  event,
  event_id: clientEventId,
  replayed: r.duplicate,
  applied: r.applied,
  ignored_reason: r.ignoredReason,
});

export const Equipment = z
  .object({
    assignment_id: z.string(),
    serial_number: z.string(),
    vendor: z.string().nullable(),
    model: z.string().nullable(),
    assigned_at: iso,
    active: z.boolean(),
  })
  .openapi("FieldEquipmentRead");

export const equipment = (
  r: Awaited<ReturnType<JobsApi["captureSerial"]>>,
  sent: { vendor?: string | null | undefined; model?: string | null | undefined },
) => ({
  assignment_id: r.line.id,
  serial_number: r.serial,
  vendor: sent.vendor ?? null,
  model: sent.model ?? null,
  assigned_at: r.line.createdAt,
  active: true,
});
