import { and, eq, isNull } from "drizzle-orm";
import * as Auth from "../auth";
import { userTable } from "../auth/auth.sql";
import * as Person from "../person";
import { personTable } from "../person/person.sql";
import { type Actor, withActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import * as Quote from "../quote";
import { quoteTable } from "../quote/quote.sql";
import * as Sales from "../sales";
import * as Subscriber from "../subscriber";

const SENT_TITLE = "Home fibre upgrade: Fibre 300 with mesh Wi-Fi";
const ACCEPTED_TITLE = "Fibre installation: 9 Awolowo Road annex";

const lines = {
  upgrade: [
    { description: "Fibre 300 activation", quantity: "1", unitPrice: "25000", taxPercent: "7.5" },
    { description: "Mesh Wi-Fi point", quantity: "2", unitPrice: "38500", discountPercent: "10", taxPercent: "7.5" },
    { description: "In-home cabling per metre", quantity: "12.5", unitPrice: "450", taxPercent: "7.5" },
  ],
  install: [
    { description: "Fibre installation (drop, ONT, labour)", quantity: "1", unitPrice: "50000", taxPercent: "7.5" },
    { description: "Drop cable per metre", quantity: "85", unitPrice: "333.33", taxPercent: "7.5" },
  ],
};

/**
 * Quotes on one machine, for the demo customer (Amaka Obi, customer@demo-isp.example): one sent and
 * waiting in her portal (its PDF one click away), and one she accepted with a typed signature, which
 * made a sales order and a fibre installation project from the template. Skipped once seeded.
 */
export async function seedQuotes(admin: Actor, customerEmail: string): Promise<void> {
  const seeded = await useTransaction((tx) =>
    tx
      .select({ id: quoteTable.id })
      .from(quoteTable)
      .where(and(eq(quoteTable.title, ACCEPTED_TITLE), isNull(quoteTable.deletedAt))),
  );
  if (seeded.length > 0) return;
  const account = await Auth.fromEmail(customerEmail, "customer");
  if (!account) return;
  const [row] = await useTransaction((tx) =>
    tx
      .select({ personId: userTable.personId, subscriberId: userTable.subscriberId })
      .from(userTable)
      .where(eq(userTable.id, account.id)),
  );
  let personId = row?.personId ?? null;
  if (!personId) {
    const [existing] = await useTransaction((tx) =>
      tx.select({ id: personTable.id }).from(personTable).where(eq(personTable.email, customerEmail)),
    );
    personId =
      existing?.id ??
      (await withActor(admin, () => Person.create({ displayName: "Amaka Obi", email: customerEmail }))).id;
    // The portal shows a customer the quotes of the person behind their subscriber.
    const subscriberId = row?.subscriberId;
    if (subscriberId) await withActor(admin, () => Subscriber.link({ subscriberId, personId }));
  }
  const customer: Actor = {
    type: "user",
    properties: { userId: account.id, email: customerEmail, portal: "customer", roles: [], permissions: [] },
  };
  await withActor(admin, async () => {
    const pid = personId as string;
    const installLead = await Sales.create({ personId: pid, title: ACCEPTED_TITLE, valueMinor: 7_843_750 });
    const install = await Quote.create({
      leadId: installLead.id,
      title: ACCEPTED_TITLE,
      projectType: "fiber_optics_installation",
      depositPercent: "50",
      notes: "Installation within 14 days of the deposit. Site survey included.",
      lines: lines.install,
    });
    await Quote.send({ id: install.id, via: "email" });
    await withActor(customer, () =>
      Quote.acceptMine({
        id: install.id,
        signerName: "Amaka Obi",
        signatureKind: "typed",
        termsVersion: install.termsVersion,
      }),
    );
    // A second lead of hers in another pipeline stage would be deduplicated: the upgrade goes on the won
    // lead's person as a quote of its own, without a lead.
    const upgrade = await Quote.create({
      personId: pid,
      title: SENT_TITLE,
      depositPercent: "0",
      lines: lines.upgrade,
    });
    await Quote.send({ id: upgrade.id, via: "email" });
  });
}
