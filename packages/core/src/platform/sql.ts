import { timestamp, uuid } from "drizzle-orm/pg-core";
import { createId } from "./ids";

/** The one id column: UUIDv7 minted in core. */
export const id = () => uuid("id").primaryKey().$defaultFn(createId);

/** The one timestamps helper: instants are timestamptz in UTC. */
export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const instant = (name: string) => timestamp(name, { withTimezone: true });

/** An ILIKE pattern matching `text` anywhere, with `%`, `_` and `\` in it matched literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
