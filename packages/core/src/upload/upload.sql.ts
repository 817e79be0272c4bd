import { bigint, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, instant } from "../platform/sql";

export const uploadStatuses = ["pending", "accepted", "rejected"] as const;

/** An upload slot: the key is server-generated; the scan decides from the first bytes, not the client. */
export const uploadTable = pgTable(
  "upload",
  {
    id: id(),
    key: text("key").notNull(),
    filename: text("filename").notNull(),
    declaredType: text("declared_type").notNull(),
    maxBytes: bigint("max_bytes", { mode: "number" }).notNull(),
    status: text("status", { enum: uploadStatuses }).notNull().default("pending"),
    detectedType: text("detected_type"),
    size: bigint("size", { mode: "number" }),
    reason: text("reason"),
    createdBy: text("created_by"),
    createdAt: instant("created_at").notNull().defaultNow(),
    scannedAt: instant("scanned_at"),
  },
  (t) => [uniqueIndex("upload_key_idx").on(t.key), index("upload_status_idx").on(t.status, t.createdAt)],
);
