import { and, eq, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Person from "../person";
import { personChannelTable, personTable } from "../person/person.sql";
import { normaliseChannel } from "../person/shared";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { type Created, CreateInput, create } from "./lead";

/** A contact typed into the "New lead" form: a name and at least one address that finds them again. */
export const NewContact = z.object({
  name: text(200),
  phone: z.string().max(64).optional(),
  email: z.string().max(320).optional(),
});

export const OpenInput = CreateInput.extend({
  personId: id().optional(),
  /** A person to find by phone or email, or create (absent `personId`). */
  contact: NewContact.optional(),
}).superRefine((input, ctx) => {
  if (!input.personId === !input.contact) {
    ctx.addIssue({ code: "custom", path: ["personId"], message: "give either personId or contact, not both" });
  }
});

type Address = { kind: "email" | "phone"; value: string };

/** The contact's normalised addresses, email first (the order locks are taken in); refused when none is usable. */
function addressesOf(contact: z.output<typeof NewContact>): Address[] {
  const out: Address[] = [];
  for (const kind of ["email", "phone"] as const) {
    const raw = contact[kind]?.trim();
    if (!raw) continue;
    const normal = normaliseChannel(kind, raw);
    if (!normal.ok) {
      throw new AppError("validation", `contact.${kind}: ${normal.message}`, [
        { path: `contact.${kind}`, message: normal.message },
      ]);
    }
    out.push({ kind, value: normal.value });
  }
  if (out.length === 0) {
    const message = "give a phone number or an email, so the contact is found again";
    throw new AppError("validation", `contact.phone: ${message}`, [{ path: "contact.phone", message }]);
  }
  return out;
}

/** The live person who owns `address` (as a channel, or an email as their `email` field). */
async function ownerOf(tx: Transaction, address: Address) {
  const [byChannel] = await tx
    .select({ id: personTable.id, name: personTable.displayName })
    .from(personChannelTable)
    .innerJoin(personTable, eq(personTable.id, personChannelTable.personId))
    .where(
      and(
        eq(personChannelTable.kind, address.kind),
        eq(personChannelTable.value, address.value),
        live(personChannelTable),
        live(personTable),
      ),
    );
  if (byChannel || address.kind !== "email") return byChannel;
  const [byEmail] = await tx
    .select({ id: personTable.id, name: personTable.displayName })
    .from(personTable)
    .where(and(eq(personTable.email, address.value), live(personTable)));
  return byEmail;
}

/**
 * The person a typed contact names: whoever already owns its phone or email, else a new person.
 * Locks on the addresses (the inbound path's keys) make a double submit, or a message arriving at
 * the same moment, find the first one's person instead of making a second.
 */
async function contactPerson(tx: Transaction, contact: z.output<typeof NewContact>): Promise<string> {
  const addresses = addressesOf(contact);
  for (const a of addresses) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`person_channel:${a.kind}:${a.value}`}, 0))`);
  }
  const owners = [];
  for (const a of addresses) {
    const owner = await ownerOf(tx, a);
    if (owner) owners.push({ ...owner, address: a });
  }
  const [first, second] = owners;
  if (first && second && first.id !== second.id) {
    throw new AppError(
      "conflict",
      `The email belongs to ${first.name} and the phone to ${second.name}: pick the contact instead`,
      [{ path: "contact", message: "the email and the phone belong to two different people" }],
    );
  }
  if (first) return first.id;
  const email = addresses.find((a) => a.kind === "email")?.value;
  const phone = addresses.find((a) => a.kind === "phone")?.value;
  const made = await Person.create({
    displayName: contact.name,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    partyStatus: "lead",
  });
  return made.id;
}

/**
 * `create` for staff and API keys (crm:lead:write): for a known person, or for a contact typed in
 * the form (also crm:contact:write), found by phone or email or created. Either way the dedupe rule
 * answers a double submit with the first lead (`created: false`).
 */
export const open = fn(OpenInput, async ({ contact, personId, ...rest }): Promise<Created> => {
  requirePermission("crm:lead:write");
  if (personId) return create({ ...rest, personId });
  if (!contact)
    throw new AppError("validation", "personId: is required", [{ path: "personId", message: "is required" }]);
  requirePermission("crm:contact:write");
  return createTransaction(async (tx) => create({ ...rest, personId: await contactPerson(tx, contact) }));
});
