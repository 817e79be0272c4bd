import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as Inventory from "@dotmac/core/inventory";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction, setConnection, useTransaction } from "@dotmac/core/platform/db";
import { migrate } from "@dotmac/core/platform/db/migrate";
import { createId } from "@dotmac/core/platform/ids";
import { applyMovement } from "../packages/core/src/inventory/shared";
import { openBenchDatabase, Recorder } from "./tickets";
import { round } from "./util";

/**
 * Reservation throughput on one hot item (every reservation queues on the same stock row), jobs spread
 * over 50 work orders as in a day of installs. The headline is a reservation as planMaterial writes it:
 * one call of `inventory_apply_movement` (balance under the CHECKs and the material line, which records the
 * reservation: decision 217),
 * against a bare conditional UPDATE of the same row on the same PostgreSQL, `workers` concurrent callers
 * on a pool of 10, interleaved rounds, the median of each. For information: the bare UPDATE prepared
 * too, a ledger movement (a consumption: balance + ledger row), the same inside a caller's transaction (the lock held
 * across the COMMIT round trip) and the whole verb (permission, reads, the call). Then an oversell check:
 * 10× more concurrent reservations than units reserve exactly the units.
 * Standalone: `tsx bench/inventory.ts [--quick]`.
 */

export interface InventoryOptions {
  quick: boolean;
  log: (line: string) => void;
}

export interface InventoryResult {
  database: "postgres" | "pglite";
  workers: number;
  reservations: number;
  rounds: number;
  perSecond: {
    bareUpdate: number;
    barePrepared: number;
    reserve: number;
    statement: number;
    inTransaction: number;
    planLine: number;
  };
  ratios: {
    reserveVsBare: number;
    reserveVsBarePrepared: number;
    statementVsBare: number;
    inTransactionVsBare: number;
    planLineVsBare: number;
  };
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
    const { itemId, locationId, workOrderIds } = await asSystem(async () => {
      const item = await Inventory.createItem({ name: "Bench drop cable", unit: "m" });
      const location = await Inventory.createLocation({ name: "Bench warehouse", kind: "warehouse" });
      await Inventory.receive({ locationId: location.id, itemId: item.id, quantity: 1_000_000 });
      // Many jobs reserve the same hot item (the realistic contention: one ONT model, every install).
      const wos = await db.raw(
        "insert into work_order (id, number, title) select gen_random_uuid(), 'WO-BENCH-' || g, 'Bench' from generate_series(1, 50) g returning id",
      );
      return { itemId: item.id, locationId: location.id, workOrderIds: wos.map((w) => String(w.id)) };
    });
    const bareSql =
      "update inventory_stock set reserved = reserved + 1 where item_id = $1 and location_id = $2 and on_hand - reserved >= 1";
    const expiresAt = new Date(Date.now() + 7 * 86_400_000);
    let turn = 0;
    const nextJob = () => workOrderIds[turn++ % workOrderIds.length] as string;
    const workOrderId = workOrderIds[0] as string;
    /** One reservation as planMaterial writes it: the balance and its material line in one statement. */
    const reserveLine = () => {
      const lineId = createId();
      const workOrderId = nextJob();
      return useTransaction((tx) =>
        applyMovement(tx, {
          kind: "reserve",
          itemId,
          locationId,
          reservedDelta: 1,
          workOrderId,
          lineId,
          line: { id: lineId, quantity: 1, expiresAt, createdById: null },
        }),
      );
    };
    const ops = {
      bareUpdate: () => db.raw(bareSql, [itemId, locationId]),
      barePrepared: () => db.raw({ name: "bench_bare", text: bareSql }, [itemId, locationId]),
      reserve: () => asSystem(reserveLine),
      statement: () =>
        asSystem(() =>
          useTransaction((tx) =>
            applyMovement(tx, { kind: "consume", itemId, locationId, onHandDelta: -1, workOrderId: nextJob() }),
          ),
        ),
      inTransaction: () => asSystem(() => createTransaction(reserveLine)),
      planLine: () =>
        asSystem(() => Inventory.planMaterial({ workOrderId: nextJob(), itemId, quantity: 1, locationId })),
    };
    // Warm every path (plans, pool connections, JIT) before measuring.
    for (const op of Object.values(ops)) await timed(workers, 200, op);
    // Interleaved rounds, the median of each: the machine's drift (JIT, caches, other load) hits all alike.
    const rounds = options.quick ? 3 : 5;
    const samples: Record<keyof typeof ops, number[]> = {
      bareUpdate: [],
      barePrepared: [],
      reserve: [],
      statement: [],
      inTransaction: [],
      planLine: [],
    };
    for (let r = 0; r < rounds; r++) {
      for (const [name, op] of Object.entries(ops) as [keyof typeof ops, () => Promise<unknown>][]) {
        const n = name === "planLine" || name === "inTransaction" ? Math.round(reservations / 2) : reservations;
        samples[name].push(await timed(workers, n, op));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const bareUpdate = median(samples.bareUpdate);
    const barePrepared = median(samples.barePrepared);
    const reserve = median(samples.reserve);
    const statement = median(samples.statement);
    const inTx = median(samples.inTransaction);
    const planLine = median(samples.planLine);
    log(`  bare conditional UPDATE: ${Math.round(bareUpdate)}/s (the same prepared: ${Math.round(barePrepared)}/s)`);
    log(`  reserve as planMaterial writes it (balance + line, one statement): ${Math.round(reserve)}/s`);
    log(`  a ledger movement (a consumption: balance + ledger row): ${Math.round(statement)}/s`);
    log(`  the reservation inside a caller's transaction (BEGIN … COMMIT): ${Math.round(inTx)}/s`);
    log(`  plan a work-order line (the whole verb: checks, reads, the statement): ${Math.round(planLine)}/s`);

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
      rounds,
      perSecond: {
        bareUpdate: Math.round(bareUpdate),
        barePrepared: Math.round(barePrepared),
        reserve: Math.round(reserve),
        statement: Math.round(statement),
        inTransaction: Math.round(inTx),
        planLine: Math.round(planLine),
      },
      ratios: {
        reserveVsBare,
        reserveVsBarePrepared: round(reserve / barePrepared, 2),
        statementVsBare: round(statement / bareUpdate, 2),
        inTransactionVsBare: round(inTx / bareUpdate, 2),
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
  const row = (what: string, product: number, ratio: number): [string, string, string, string, string, string] => [
    what,
    String(r.perSecond.bareUpdate),
    String(product),
    `${ratio}×`,
    "(info)",
    "",
  ];
  return [
    [
      `inventory reservation/s (balance + line, one statement) vs bare conditional UPDATE (${r.database}, ${r.workers} workers, one hot row, median of ${r.rounds})`,
      String(r.perSecond.bareUpdate),
      String(r.perSecond.reserve),
      `${r.ratios.reserveVsBare}×`,
      r.targets.reserveVsBare.target,
      met(r.targets.reserveVsBare.met),
    ],
    [
      "inventory reservation/s vs the bare UPDATE prepared too",
      String(r.perSecond.barePrepared),
      String(r.perSecond.reserve),
      `${r.ratios.reserveVsBarePrepared}×`,
      "(info)",
      "",
    ],
    row(
      "inventory ledger movement (consumption: balance + ledger row)/s vs bare UPDATE",
      r.perSecond.statement,
      r.ratios.statementVsBare,
    ),
    row(
      "inventory reservation inside a transaction (BEGIN…COMMIT)/s vs bare UPDATE",
      r.perSecond.inTransaction,
      r.ratios.inTransactionVsBare,
    ),
    row("inventory plan-a-line verb/s vs bare UPDATE", r.perSecond.planLine, r.ratios.planLineVsBare),
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
