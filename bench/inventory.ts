import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as Inventory from "@dotmac/core/inventory";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, setConnection, useTransaction } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import { applyMovement } from "../packages/core/src/inventory/shared";
import { openBenchDatabase, Recorder } from "./tickets";
import { round } from "./util";

/**
 * Reservation throughput on one hot item (every reservation queues on the same stock row): our
 * reserve (conditional UPDATE under the CHECKs plus its ledger row, in a transaction) against a bare
 * conditional UPDATE of the same row on the same PostgreSQL, both with `workers` concurrent callers
 * on a pool of 10. Then the whole verb that plans a work-order line (reads, line row, reserve) for
 * information, and an oversell check: 10× more concurrent reservations than units reserve exactly
 * the units. Standalone: `tsx bench/inventory.ts [--quick]`.
 */

export interface InventoryOptions {
  quick: boolean;
  log: (line: string) => void;
}

export interface InventoryResult {
  database: "postgres" | "pglite";
  workers: number;
  reservations: number;
  perSecond: { bareUpdate: number; reserve: number; statement: number; planLine: number };
  ratios: { reserveVsBare: number; statementVsBare: number; planLineVsBare: number };
  oversell: { units: number; attempts: number; reserved: number; refused: number; oversold: number };
  targets: { reserveVsBare: { target: string; met: boolean }; oversell: { target: string; met: boolean } };
}

async function timed(workers: number, total: number, op: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        next += 1;
        await op();
      }
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

const asSystem = <T>(fn: () => Promise<T>) => withActor({ type: "system", properties: { job: "bench" } }, fn);

export async function runInventory(options: InventoryOptions): Promise<InventoryResult> {
  const { log } = options;
  const reservations = options.quick ? 1_000 : 5_000;
  const workers = 10;
  const dataDir = await mkdtemp(join(tmpdir(), "dotmac-bench-inventory-"));
  const db = await openBenchDatabase(dataDir, new Recorder(), log);
  try {
    setConfig({ NODE_ENV: "development", LOG_LEVEL: "warn", ...db.childEnv });
    await migrate(db.connection);
    setConnection(db.connection);
    const { itemId, locationId, workOrderId } = await asSystem(async () => {
      const item = await Inventory.createItem({ name: "Bench drop cable", unit: "m" });
      const location = await Inventory.createLocation({ name: "Bench warehouse", kind: "warehouse" });
      await Inventory.receive({ locationId: location.id, itemId: item.id, quantity: 1_000_000 });
      const [wo] = await db.raw(
        "insert into work_order (id, number, title) values (gen_random_uuid(), 'WO-BENCH', 'Bench') returning id",
      );
      return { itemId: item.id, locationId: location.id, workOrderId: String(wo?.id) };
    });
    const bareSql =
      "update inventory_stock set reserved = reserved + 1 where item_id = $1 and location_id = $2 and on_hand - reserved >= 1";
    // Warm both paths (plans, pool connections) before measuring.
    await timed(workers, 200, () => db.raw(bareSql, [itemId, locationId]));
    await timed(workers, 200, () =>
      asSystem(() =>
        createTransaction((tx) => applyMovement(tx, { kind: "reserve", itemId, locationId, reservedDelta: 1 })),
      ),
    );
    await timed(workers, 200, () =>
      asSystem(() => Inventory.planMaterial({ workOrderId, itemId, quantity: 1, locationId })),
    );
    const bareUpdate = await timed(workers, reservations, () => db.raw(bareSql, [itemId, locationId]));
    log(`  bare conditional UPDATE: ${Math.round(bareUpdate)} reservations/s`);
    const reserve = await timed(workers, reservations, () =>
      asSystem(() =>
        createTransaction((tx) => applyMovement(tx, { kind: "reserve", itemId, locationId, reservedDelta: 1 })),
      ),
    );
    log(`  reserve (balance + ledger row, one transaction): ${Math.round(reserve)} reservations/s`);
    const statement = await timed(workers, reservations, () =>
      asSystem(() =>
        useTransaction((tx) => applyMovement(tx, { kind: "reserve", itemId, locationId, reservedDelta: 1 })),
      ),
    );
    log(
      `  the reserve statement alone (autocommit, no BEGIN/COMMIT round trips): ${Math.round(statement)} reservations/s`,
    );
    const planLine = await timed(workers, Math.round(reservations / 2), () =>
      asSystem(() => Inventory.planMaterial({ workOrderId, itemId, quantity: 1, locationId })),
    );
    log(`  plan a work-order line (whole verb): ${Math.round(planLine)} reservations/s`);

    // Oversell: 10× more concurrent attempts than units.
    const units = 100;
    const attempts = 1_000;
    const scarce = await asSystem(async () => {
      const item = await Inventory.createItem({ name: "Bench ONT" });
      await Inventory.receive({ locationId, itemId: item.id, quantity: units });
      return item.id;
    });
    let reserved = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: attempts }, () =>
        asSystem(() => Inventory.planMaterial({ workOrderId, itemId: scarce, quantity: 1, locationId })).then(
          () => {
            reserved += 1;
          },
          () => {
            refused += 1;
          },
        ),
      ),
    );
    const [row] = await db.raw("select on_hand, reserved from inventory_stock where item_id = $1", [scarce]);
    const oversold = Math.max(0, Number(row?.reserved) - Number(row?.on_hand)) + Math.max(0, reserved - units);
    log(
      `  oversell: ${attempts} attempts on ${units} units → ${reserved} reserved, ${refused} refused, ${oversold} oversold`,
    );
    const reserveVsBare = round(reserve / bareUpdate, 2);
    return {
      database: db.kind,
      workers,
      reservations,
      perSecond: {
        bareUpdate: Math.round(bareUpdate),
        reserve: Math.round(reserve),
        statement: Math.round(statement),
        planLine: Math.round(planLine),
      },
      ratios: {
        reserveVsBare,
        statementVsBare: round(statement / bareUpdate, 2),
        planLineVsBare: round(planLine / bareUpdate, 2),
      },
      oversell: { units, attempts, reserved, refused, oversold },
      targets: {
        reserveVsBare: { target: "≥ 0.5×", met: reserveVsBare >= 0.5 },
        oversell: { target: "0", met: oversold === 0 && reserved === units },
      },
    };
  } finally {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function inventoryRows(r: InventoryResult): [string, string, string, string, string, string][] {
  const met = (ok: boolean) => (ok ? "met" : "NOT MET");
  return [
    [
      `inventory reserve/s vs bare conditional UPDATE (${r.database}, ${r.workers} workers, one hot row)`,
      String(r.perSecond.bareUpdate),
      String(r.perSecond.reserve),
      `${r.ratios.reserveVsBare}×`,
      r.targets.reserveVsBare.target,
      met(r.targets.reserveVsBare.met),
    ],
    [
      "inventory reserve statement alone (autocommit)/s vs bare UPDATE",
      String(r.perSecond.bareUpdate),
      String(r.perSecond.statement),
      `${r.ratios.statementVsBare}×`,
      "(info)",
      "",
    ],
    [
      "inventory plan-a-line verb/s vs bare UPDATE",
      String(r.perSecond.bareUpdate),
      String(r.perSecond.planLine),
      `${r.ratios.planLineVsBare}×`,
      "(info)",
      "",
    ],
    [
      `inventory oversells (${r.oversell.attempts} concurrent on ${r.oversell.units} units)`,
      "",
      `${r.oversell.reserved} reserved`,
      String(r.oversell.oversold),
      r.targets.oversell.target,
      met(r.targets.oversell.met),
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runInventory({ quick: process.argv.includes("--quick"), log: console.log });
  console.log(JSON.stringify(result, null, 2));
}
