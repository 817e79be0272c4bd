import { and, eq, isNull } from "drizzle-orm";
import * as Campaign from "../campaign";
import { campaignTable } from "../campaign/campaign.sql";
import * as Person from "../person";
import { type Actor, withActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import { subscriberTable } from "../subscriber/subscriber.sql";
import * as Survey from "../survey";

const MARKER = "Fibre is live on your street";
const PLANS_URL = "https://demo-isp.example/plans";

/** Lagos and Abuja customers with an address and a synced subscription, the campaign's audience. */
const customers = [
  ["Amaka", "Okafor", "Lagos", "active"],
  ["Bode", "Thomas", "Lagos", "active"],
  ["Chioma", "Nnadi", "Lagos", "active"],
  ["Dapo", "Alabi", "Lagos", "active"],
  ["Efe", "Oghene", "Lagos", "suspended"],
  ["Fatima", "Sani", "Abuja", "active"],
] as const;

const answers: [number, number, string, string | undefined][] = [
  [5, 10, "Speed", "The installer explained everything and cleaned up."],
  [4, 9, "Speed", undefined],
  [5, 9, "Support", "Quick answer on WhatsApp when the light was red."],
  [3, 7, "Price", undefined],
  [2, 4, "Support", "Waited two days for the appointment."],
];

/**
 * Marketing on one machine: a sent email campaign to active Lagos subscribers (with opens, a click and
 * an unsubscribe recorded through the signed links) and an active public survey with some answers.
 * Skipped once seeded.
 */
export async function seedCampaigns(admin: Actor): Promise<void> {
  const [seeded] = await useTransaction((tx) =>
    tx
      .select({ id: campaignTable.id })
      .from(campaignTable)
      .where(and(eq(campaignTable.name, MARKER), isNull(campaignTable.deletedAt))),
  );
  if (seeded) return;
  await withActor(admin, async () => {
    for (const [i, [firstName, lastName, region, status]] of customers.entries()) {
      const person = await Person.create({
        firstName,
        lastName,
        email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@residents.example`,
        partyStatus: "subscriber",
      });
      await useTransaction((tx) =>
        tx.insert(subscriberTable).values({
          externalSystem: "demo-campaigns",
          externalId: `mk-${i}`,
          subscriberNumber: `SUB-MK-${String(i + 1).padStart(3, "0")}`,
          status,
          planName: "Home fibre 100",
          serviceAddress: { line1: `${i + 3} Admiralty Way`, city: region, region, country: "NG" },
          sourceUpdatedAt: new Date(),
          personId: person.id,
        }),
      );
    }
    const segment = await Campaign.createSegment({
      name: "Active subscribers in Lagos",
      filter: { subscriberStatuses: ["active"], regions: ["Lagos"] },
    });
    const campaign = await Campaign.create({
      name: MARKER,
      channel: "email",
      segmentId: segment.id,
      steps: [
        {
          subject: "{{first_name}}, fibre is live on your street",
          body: `Hello {{first_name}},\n\nOur fibre network now reaches your street: up to 300 Mbps, installed within a week.\n\nSee the plans: ${PLANS_URL}\n\nThe Demo ISP team`,
        },
        {
          delayHours: 72,
          subject: "Still thinking about fibre, {{first_name}}?",
          body: `Installation is free this month. Book a visit: ${PLANS_URL}`,
        },
      ],
    });
    await Campaign.schedule({ id: campaign.id });
    // Sent in the seed itself (the event may have done it already: the sender claims each row once).
    await Campaign.Send.startDue(new Date(), campaign.id);
    await Campaign.Send.drain(new Date(), campaign.id);
    const { items } = await Campaign.recipients({ id: campaign.id });
    const [first, second, third] = items;
    for (const r of [first, second]) {
      if (r) await Campaign.open({ r: r.id, s: await Campaign.sign("open", r.id) });
    }
    if (first) {
      await Campaign.click({ r: first.id, u: PLANS_URL, s: await Campaign.sign("click", `${first.id}\n${PLANS_URL}`) });
    }
    if (third) await Campaign.unsubscribe({ r: third.id, s: await Campaign.sign("unsubscribe", third.id) });

    const survey = await Survey.create({
      name: "After your installation",
      slug: "after-your-installation",
      description: "Two minutes about your new connection.",
      isPublic: true,
      trigger: "work_order_completed",
      questions: [
        { kind: "rating", label: "How was the installation?" },
        { kind: "nps", label: "How likely are you to recommend us to a friend?" },
        { kind: "choice", label: "What mattered most?", options: ["Speed", "Price", "Support"] },
        { kind: "text", label: "Anything we should improve?", required: false },
      ],
    });
    await Survey.setStatus({ id: survey.id, status: "active" });
    const [rating, nps, choice, text] = survey.questions;
    for (const [score, recommend, picked, comment] of answers) {
      const { formToken } = await Survey.lookup({ slug: survey.slug });
      await Survey.respond({
        slug: survey.slug,
        formToken: formToken ?? undefined,
        answers: [
          { questionId: rating?.id as string, score },
          { questionId: nps?.id as string, score: recommend },
          { questionId: choice?.id as string, choice: picked },
          ...(comment ? [{ questionId: text?.id as string, text: comment }] : []),
        ],
      });
    }
  });
}
