import { and, eq } from "drizzle-orm";
import * as Auth from "../auth";
import * as Contract from "../contract";
import { installationProjectTable } from "../contract/contract.sql";
import { type Actor, withActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import { live } from "../platform/soft-delete";
import * as Project from "../project";

const TITLE = "Lekki Phase 2 fibre backbone";
const DAY = 24 * 3600 * 1000;

/**
 * A contractor's bid on one machine: a fibre project whose installation side is open for bidding for
 * 14 days, and FibreWorks Contractors' submitted quote with its lines and a route along Admiralty Way.
 * Skipped once the project exists, so a restart changes nothing.
 */
export async function seedVendorProjects(admin: Actor, vendorEmail: string): Promise<void> {
  const [seeded] = await useTransaction((tx) =>
    tx
      .select({ id: installationProjectTable.id })
      .from(installationProjectTable)
      .where(and(eq(installationProjectTable.title, TITLE), live(installationProjectTable))),
  );
  const vendor = await Auth.fromEmail(vendorEmail, "vendor");
  if (seeded || !vendor?.organizationId) return;
  const ip = await withActor(admin, async () => {
    const project = await Project.create({
      projectType: "fiber_optics_installation",
      name: TITLE,
      region: "Lekki",
      description: "Backbone from the Admiralty Way cabinet to the Phase 2 estates: 1.2 km of 48F ADSS.",
    });
    const created = await Contract.create({ projectId: project.id, title: TITLE, region: "Lekki" });
    return Contract.openBidding({ id: created.id, closesAt: new Date(Date.now() + 14 * DAY) });
  });
  const contractor: Actor = {
    type: "user",
    properties: {
      userId: vendor.id,
      email: vendor.email,
      portal: "vendor",
      roles: [],
      permissions: [],
      organizationId: vendor.organizationId,
    },
  };
  await withActor(contractor, () =>
    Contract.Quote.save({
      installationProjectId: ip.id,
      submit: true,
      notes: "Two crews, ten working days; road-crossing permits included.",
      lines: [
        {
          description: "Trenching and 40 mm duct",
          quantity: "1200",
          unit: "m",
          unitPriceMinor: 2_500_00,
          taxRateBp: 750,
        },
        {
          description: "48F ADSS cable",
          cableType: "ADSS 48F",
          fibreCount: 48,
          quantity: "1250",
          unit: "m",
          unitPriceMinor: 850_00,
          taxRateBp: 750,
        },
        {
          description: "Splice closures, fusion splicing",
          spliceCount: 96,
          quantity: "4",
          unit: "closure",
          unitPriceMinor: 95_000_00,
          taxRateBp: 750,
        },
      ],
      route: {
        type: "LineString",
        coordinates: [
          [3.4695, 6.4412],
          [3.4741, 6.4427],
          [3.4802, 6.4439],
          [3.4867, 6.4451],
        ],
      },
    }),
  );
}
