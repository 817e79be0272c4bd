import * as Contract from "@dotmac/core/contract";
import { z } from "@hono/zod-openapi";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
export const ProjectSchema = z.object(Contract.ProjectInfo.shape).openapi("InstallationProject");
export const QuoteSchema = z.object(Contract.QuoteInfo.shape).openapi("VendorQuote");
export const AsBuiltSchema = z.object(Contract.AsBuiltInfo.shape).openapi("AsBuilt");
export const InvoiceSchema = z.object(Contract.InvoiceInfo.shape).openapi("VendorInvoice");
export const DownloadSchema = z.object({ url: z.string(), expiresAt: z.string() }).openapi("DownloadLink");
export const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });
export const AsBuiltFileParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  uploadId: z.uuid().openapi({ param: { name: "uploadId", in: "path" } }),
});
export const MapSchema = z.object({ tileUrl: z.string(), attribution: z.string() }).openapi("ContractMapTiles");
export const InvoiceTotalSchema = z.object(Contract.InvoiceTotalInfo.shape).openapi("VendorInvoiceTotal");
export const InvoiceListSchema = z
  .object({ items: z.array(InvoiceSchema), totals: z.array(InvoiceTotalSchema) })
  .openapi("VendorInvoiceList");
/** The invoice filters (a vendor's `vendorOrganizationId` is always its own, whatever it sends). */
export const InvoiceQuery = z.object({
  status: z.enum(Contract.invoiceStatuses).optional(),
  installationProjectId: z.uuid().optional(),
  vendorOrganizationId: z.uuid().optional(),
  limit: z.string().optional(),
});
