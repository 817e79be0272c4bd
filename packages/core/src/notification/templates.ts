import * as z from "zod";
import type { NotificationKind } from "./notification.sql";

/**
 * What every template renders from. Stored as `email_delivery.data`, so a retry renders the same
 * message; everything in it is plain text and is escaped for the HTML part.
 */
export const TemplateData = z.object({
  /** Whom the message greets (a staff user's name, or the customer's). */
  recipientName: z.string().nullable().default(null),
  ticketNumber: z.string(),
  ticketTitle: z.string(),
  /** Absolute URL of the ticket in the recipient's portal. */
  url: z.string(),
  /** Who did it (staff name or email), when someone did. */
  actorName: z.string().nullable().default(null),
  /** A comment's text, a dispute's reason. */
  excerpt: z.string().nullable().default(null),
  /** SLA alerts: which clock and its deadline (ISO). */
  clock: z.enum(["first_response", "resolution"]).nullable().default(null),
  deadline: z.string().nullable().default(null),
  /** Confirmations: the customer answered, or the grace ran out. */
  automatic: z.boolean().default(false),
});
export type TemplateData = z.input<typeof TemplateData>;

export interface Rendered {
  subject: string;
  /** The in-app line: short, no ticket URL (the notification links to the ticket itself). */
  title: string;
  text: string;
  html: string;
}

const EXCERPT_MAX = 500;

export function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_MAX ? `${flat.slice(0, EXCERPT_MAX - 1)}…` : flat;
}

/** HTML-escapes text; every value from data passes through here before it reaches the HTML part. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Subjects are one line: a title with a line break would otherwise inject a header. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

const clockName = { first_response: "first response", resolution: "resolution" } as const;

function deadlineText(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? "" : ` (due ${at.toISOString().replace("T", " ").slice(0, 16)} UTC)`;
}

export interface Parts {
  subject: string;
  title: string;
  /** Paragraphs of plain text; the HTML part wraps each in <p>. */
  lines: string[];
  /** Quoted text (a comment, a reason), shown as a block quote. */
  quote?: string | null;
  action: string;
}

export type Data = z.output<typeof TemplateData>;

/**
 * Kinds that are in-app only and title themselves in their own notifier (so their words load with the
 * event that needs them, not with every route group that renders a ticket's mail): expense claims.
 */
export type SelfTitledKind = "expense_submitted" | "expense_approved" | "expense_rejected";
/**
 * Kinds whose words load with their notifier and with a send (`./lazy-templates`), not with every
 * group that renders a ticket's mail: contractor work (bids, revisions, as-built reviews).
 */
export type LazyKind = Extract<NotificationKind, `contract_${string}`>;
export type RenderedKind = Exclude<NotificationKind, SelfTitledKind | LazyKind>;

const parts: Record<RenderedKind, (d: Data) => Parts> = {
  ticket_assigned: (d) => ({
    subject: `[${d.ticketNumber}] Assigned to you: ${d.ticketTitle}`,
    title: `${d.ticketNumber} was assigned to you`,
    lines: [`${d.actorName ?? "Someone"} assigned ticket ${d.ticketNumber} “${d.ticketTitle}” to you.`],
    action: "Open the ticket",
  }),
  ticket_mentioned: (d) => ({
    subject: `[${d.ticketNumber}] ${d.actorName ?? "Someone"} mentioned you`,
    title: `${d.actorName ?? "Someone"} mentioned you on ${d.ticketNumber}`,
    lines: [`${d.actorName ?? "Someone"} mentioned you in a comment on ${d.ticketNumber} “${d.ticketTitle}”:`],
    quote: d.excerpt,
    action: "Reply on the ticket",
  }),
  ticket_customer_reply: (d) => ({
    subject: `[${d.ticketNumber}] The customer replied: ${d.ticketTitle}`,
    title: `The customer replied on ${d.ticketNumber}`,
    lines: [`The customer replied on ${d.ticketNumber} “${d.ticketTitle}”:`],
    quote: d.excerpt,
    action: "Open the ticket",
  }),
  ticket_staff_reply: (d) => ({
    subject: `[${d.ticketNumber}] New reply to your request: ${d.ticketTitle}`,
    title: `New reply on ${d.ticketNumber}`,
    lines: [`Our support team replied to your request ${d.ticketNumber} “${d.ticketTitle}”:`],
    quote: d.excerpt,
    action: "View your request",
  }),
  sla_warning: (d) => ({
    subject: `[${d.ticketNumber}] SLA warning: ${clockName[d.clock ?? "resolution"]} due soon`,
    title: `${d.ticketNumber}: ${clockName[d.clock ?? "resolution"]} SLA is close to its deadline`,
    lines: [
      `The ${clockName[d.clock ?? "resolution"]} target of ${d.ticketNumber} “${d.ticketTitle}” is close to its deadline${deadlineText(d.deadline)}.`,
    ],
    action: "Open the ticket",
  }),
  sla_breach: (d) => ({
    subject: `[${d.ticketNumber}] SLA breached: ${clockName[d.clock ?? "resolution"]}`,
    title: `${d.ticketNumber}: ${clockName[d.clock ?? "resolution"]} SLA breached`,
    lines: [
      `The ${clockName[d.clock ?? "resolution"]} target of ${d.ticketNumber} “${d.ticketTitle}” was missed${deadlineText(d.deadline)}.`,
    ],
    action: "Open the ticket",
  }),
  // Inbox reply reminders stay in the app (written by inbox/obligation); these parts keep the map total.
  inbox_reply_due: (d) => ({
    subject: `A customer is waiting for your reply${deadlineText(d.deadline)}`,
    title: "A customer is waiting for your reply",
    lines: [`The reply is due soon${deadlineText(d.deadline)}.`],
    action: "Open the conversation",
  }),
  inbox_reply_breach: (d) => ({
    subject: "A reply is overdue",
    title: "A reply is overdue",
    lines: [`The customer's reply target was missed${deadlineText(d.deadline)}.`],
    action: "Open the conversation",
  }),
  // Low-stock alerts stay in the app (written by inventory); this part keeps the map total.
  inventory_low_stock: () => ({
    subject: "Stock is low",
    title: "Stock is low",
    lines: ["An item's available stock fell below its reorder level."],
    action: "Open the stock",
  }),
  ticket_resolved: (d) => ({
    subject: `[${d.ticketNumber}] Resolved: ${d.ticketTitle}`,
    title: `${d.ticketNumber} was resolved`,
    lines: [
      `${d.actorName ?? "Someone"} resolved ${d.ticketNumber} “${d.ticketTitle}”; the customer is asked to confirm.`,
    ],
    action: "Open the ticket",
  }),
  ticket_confirmed: (d) => ({
    subject: `[${d.ticketNumber}] Resolution confirmed: ${d.ticketTitle}`,
    title: d.automatic
      ? `${d.ticketNumber} closed: the confirmation grace ran out`
      : `The customer confirmed the resolution of ${d.ticketNumber}`,
    lines: [
      d.automatic
        ? `The customer did not answer in time, so ${d.ticketNumber} “${d.ticketTitle}” was closed automatically.`
        : `The customer confirmed that ${d.ticketNumber} “${d.ticketTitle}” is resolved; the ticket is closed.`,
    ],
    action: "Open the ticket",
  }),
  ticket_disputed: (d) => ({
    subject: `[${d.ticketNumber}] Resolution disputed: ${d.ticketTitle}`,
    title: `The customer disputed the resolution of ${d.ticketNumber}`,
    lines: [`The customer says ${d.ticketNumber} “${d.ticketTitle}” is not resolved; the ticket is open again.`],
    quote: d.excerpt,
    action: "Open the ticket",
  }),
  // For visit kinds, `ticketNumber` carries the work order's number and `ticketTitle` its title.
  visit_confirmed: (d) => ({
    subject: `[${d.ticketNumber}] The customer confirmed the visit`,
    title: `The customer confirmed the visit for ${d.ticketNumber}`,
    lines: [`The customer confirmed the appointment for ${d.ticketNumber} “${d.ticketTitle}”.`],
    action: "Open the dispatch board",
  }),
  visit_reschedule_requested: (d) => ({
    subject: `[${d.ticketNumber}] The customer asks to reschedule`,
    title: `The customer asks to reschedule ${d.ticketNumber}`,
    lines: [
      `The customer asks to move the visit for ${d.ticketNumber} “${d.ticketTitle}”${d.deadline ? ` (preferred: ${d.deadline.replace("T", " ").slice(0, 16)} UTC)` : ""}:`,
    ],
    quote: d.excerpt,
    action: "Open the dispatch board",
  }),
  // For project kinds, `ticketNumber` carries the project's number, `ticketTitle` the task or stage,
  // and `excerpt` the project's name (assignments) or the next stage (stage completions).
  project_task_assigned: (d) => ({
    subject: `[${d.ticketNumber}] ${d.actorName ?? "Someone"} assigned you: ${d.ticketTitle}`,
    title: `${d.actorName ?? "Someone"} assigned you “${d.ticketTitle}” on ${d.ticketNumber}`,
    lines: [
      `${d.actorName ?? "Someone"} assigned you the task “${d.ticketTitle}” on project ${d.ticketNumber}${d.excerpt ? ` “${d.excerpt}”` : ""}${deadlineText(d.deadline)}.`,
    ],
    action: "Open the project",
  }),
  project_stage_completed: (d) => ({
    subject: `[${d.ticketNumber}] Stage completed: ${d.ticketTitle}`,
    title: `${d.ticketNumber}: ${d.ticketTitle} is complete`,
    lines: [
      `The stage “${d.ticketTitle}” of your project ${d.ticketNumber} is complete.`,
      d.excerpt ? `Next: ${d.excerpt}.` : "That was the last stage.",
    ],
    action: "Follow your project",
  }),
  project_completed: (d) => ({
    subject: `[${d.ticketNumber}] Your project is complete`,
    title: `${d.ticketNumber} is complete`,
    lines: [
      `Every stage of your project ${d.ticketNumber} “${d.ticketTitle}” is complete. Thank you for your patience.`,
    ],
    action: "See your project",
  }),
  // For inbox kinds, `ticketNumber` carries the customer's name and `ticketTitle` the channel's.
  inbox_mentioned: (d) => ({
    subject: `${d.actorName ?? "Someone"} mentioned you in a conversation with ${d.ticketNumber}`,
    title: `${d.actorName ?? "Someone"} mentioned you in a conversation with ${d.ticketNumber}`,
    lines: [
      `${d.actorName ?? "Someone"} mentioned you in a note on ${d.ticketNumber}'s conversation (${d.ticketTitle}):`,
    ],
    quote: d.excerpt,
    action: "Open the conversation",
  }),
};

/** Renders one kind's subject, in-app title, plain text and HTML from its data. */
/** Whether `kind` has a mail template (every kind but the self-titled ones). */
export const isRenderedKind = (kind: string): kind is RenderedKind => Object.hasOwn(parts, kind);

export function render(kind: RenderedKind, input: TemplateData): Rendered {
  return renderParts(parts[kind], input);
}

/** Renders one template's parts (a kind's own, or a lazily loaded one's) into subject, title, text, HTML. */
export function renderParts(partsOf: (d: Data) => Parts, input: TemplateData): Rendered {
  const data = TemplateData.parse(input);
  const p = partsOf(data);
  const greeting = data.recipientName ? `Hello ${data.recipientName},` : "Hello,";
  const text = [
    greeting,
    "",
    ...p.lines,
    ...(p.quote ? ["", ...p.quote.split("\n").map((l) => `> ${l}`)] : []),
    "",
    `${p.action}: ${data.url}`,
    "",
    "— DotMac CRM",
  ].join("\n");
  // Plain markup without style attributes: mail clients style it, and the development mailbox shows it
  // in a sandboxed frame under the portal's CSP, which allows no inline styles.
  const html = [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"></head><body>',
    `<p>${escapeHtml(greeting)}</p>`,
    ...p.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(p.quote ? [`<blockquote>${escapeHtml(p.quote).replace(/\n/g, "<br>")}</blockquote>`] : []),
    `<p><a href="${escapeHtml(data.url)}">${escapeHtml(p.action)}</a></p>`,
    `<p><small>${escapeHtml(data.url)}</small></p>`,
    "<p><small>— DotMac CRM</small></p>",
    "</body></html>",
  ].join("\n");
  return { subject: oneLine(p.subject), title: oneLine(p.title), text, html };
}
