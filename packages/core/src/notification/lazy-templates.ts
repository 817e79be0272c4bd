import { type Data, type LazyKind, type Parts, type Rendered, renderParts, type TemplateData } from "./templates";

/**
 * The words of the lazily loaded kinds (see `LazyKind`): imported by their notifier and by a send of
 * such a mail, never statically by a route group. For contract kinds, `ticketNumber` carries the
 * installation project's number, `ticketTitle` its title, `actorName` the bidding contractor (staff
 * mail) and `excerpt` the quote or staff's words.
 */
const parts: Record<LazyKind, (d: Data) => Parts> = {
  contract_quote_submitted: (d) => ({
    subject: `[${d.ticketNumber}] ${d.actorName ?? "A contractor"} submitted a bid`,
    title: `${d.actorName ?? "A contractor"} submitted a bid on ${d.ticketNumber}`,
    lines: [`${d.actorName ?? "A contractor"} submitted a bid on ${d.ticketNumber} “${d.ticketTitle}”.`],
    quote: d.excerpt,
    action: "Compare the bids",
  }),
  contract_revision_requested: (d) => ({
    subject: `[${d.ticketNumber}] Please revise your bid`,
    title: `Revision requested on your bid for ${d.ticketNumber}`,
    lines: [`We ask you to revise your bid for ${d.ticketNumber} “${d.ticketTitle}”:`],
    quote: d.excerpt,
    action: "Revise the bid",
  }),
  contract_quote_approved: (d) => ({
    subject: `[${d.ticketNumber}] Your bid was approved`,
    title: `Your bid for ${d.ticketNumber} was approved`,
    lines: [`Your bid for ${d.ticketNumber} “${d.ticketTitle}” was approved: the work is yours to start.`],
    action: "Open the project",
  }),
  contract_quote_rejected: (d) => ({
    subject: `[${d.ticketNumber}] Your bid was not accepted`,
    title: `Your bid for ${d.ticketNumber} was not accepted`,
    lines: [`Your bid for ${d.ticketNumber} “${d.ticketTitle}” was not accepted.`],
    quote: d.excerpt,
    action: "Open the project",
  }),
  contract_as_built_accepted: (d) => ({
    subject: `[${d.ticketNumber}] As-built accepted`,
    title: `Your as-built for ${d.ticketNumber} was accepted`,
    lines: [`Your as-built for ${d.ticketNumber} “${d.ticketTitle}” was accepted; its report is ready.`],
    action: "Open the project",
  }),
  contract_as_built_rejected: (d) => ({
    subject: `[${d.ticketNumber}] As-built rejected`,
    title: `Your as-built for ${d.ticketNumber} was rejected`,
    lines: [`Your as-built for ${d.ticketNumber} “${d.ticketTitle}” was rejected; please submit a new version:`],
    quote: d.excerpt,
    action: "Open the project",
  }),
};

export const isLazyKind = (kind: string): kind is LazyKind => Object.hasOwn(parts, kind);

export function renderLazy(kind: LazyKind, input: TemplateData): Rendered {
  return renderParts(parts[kind], input);
}
