import * as z from "zod/mini";
import { defineEvent } from "../platform/outbox";
import { installationStatuses } from "./values";

/** Contract domain events: notifications and the ERP sync (later) hang off these. */
export const Events = {
  ProjectStatusChanged: defineEvent(
    "contract.project_status_changed",
    z.object({
      installationProjectId: z.uuid(),
      from: z.enum(installationStatuses),
      to: z.enum(installationStatuses),
      vendorOrganizationId: z.nullable(z.uuid()),
    }),
  ),
  QuoteSubmitted: defineEvent(
    "contract.quote_submitted",
    z.object({ quoteId: z.uuid(), installationProjectId: z.uuid(), version: z.number() }),
  ),
  QuoteDecided: defineEvent(
    "contract.quote_decided",
    z.object({
      quoteId: z.uuid(),
      installationProjectId: z.uuid(),
      decision: z.enum(["revision_requested", "first_approval", "approved", "rejected"]),
    }),
  ),
  AsBuiltSubmitted: defineEvent(
    "contract.as_built_submitted",
    z.object({ asBuiltId: z.uuid(), installationProjectId: z.uuid(), version: z.number() }),
  ),
  AsBuiltReviewed: defineEvent(
    "contract.as_built_reviewed",
    z.object({ asBuiltId: z.uuid(), installationProjectId: z.uuid(), accepted: z.boolean() }),
  ),
  InvoiceChanged: defineEvent(
    "contract.invoice_changed",
    z.object({ invoiceId: z.uuid(), installationProjectId: z.uuid(), status: z.string() }),
  ),
};
