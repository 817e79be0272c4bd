import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSpool, frame, parseSpool, type SpooledMessage } from "@dotmac/core/platform/queue/spool";
import { describe, expect, it } from "vitest";

const fresh = () => mkdtempSync(join(tmpdir(), "spool-"));
const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".log"));

describe("the local ingest spool", () => {
  it("acknowledges appends once durable, and hands them to the store in arrival order, once", async () => {
    const dir = fresh();
    const spool = createSpool(dir);
    await Promise.all(Array.from({ length: 25 }, (_, i) => spool.append(`{"n":${i}}`)));
    expect(files(dir)).toHaveLength(1);
    expect(await spool.pending()).toBe(25);
    const stored: SpooledMessage[] = [];
    expect(await spool.drain(async (m) => void stored.push(...m))).toBe(25);
    expect(stored.map((m) => JSON.parse(m.body).n)).toEqual([...Array(25).keys()]);
    expect(new Set(stored.map((m) => m.id)).size).toBe(25);
    expect(files(dir)).toEqual([]);
    expect(await spool.pending()).toBe(0);
    // Nothing new: nothing to store, and the next append starts a new file.
    expect(await spool.drain(async () => expect.unreachable())).toBe(0);
    await spool.append("later");
    expect(files(dir)).toHaveLength(1);
    await spool.close();
  });

  it("keeps a file whose store failed and hands it over again, before newer ones", async () => {
    const dir = fresh();
    const spool = createSpool(dir);
    await spool.append("first");
    await expect(spool.drain(async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    await spool.append("second");
    expect(await spool.pending()).toBe(2);
    const stored: string[] = [];
    expect(await spool.drain(async (m) => void stored.push(...m.map((x) => x.body)))).toBe(2);
    expect(stored).toEqual(["first", "second"]);
    expect(files(dir)).toEqual([]);
    await spool.close();
  });

  it("recovers what a crashed run acknowledged, ignoring a torn last record it never acknowledged", async () => {
    const dir = fresh();
    const kept = [
      { id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", body: '{"a":"x\\ny"}' },
      { id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", body: "é ✓ multi-byte" },
    ];
    const torn = frame({ id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d", body: "cut short" }).subarray(0, 45);
    writeFileSync(join(dir, "spool-000000000007.log"), Buffer.concat([...kept.map(frame), torn]));
    writeFileSync(
      join(dir, "spool-000000000003.log"),
      frame({ id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a50", body: "older" }),
    );
    const spool = createSpool(dir);
    const stored: SpooledMessage[] = [];
    expect(await spool.recover(async (m) => void stored.push(...m))).toBe(3);
    expect(stored.map((m) => m.body)).toEqual(["older", ...kept.map((k) => k.body)]);
    expect(stored[1]).toEqual(kept[0]);
    expect(files(dir)).toEqual([]);
    // New files continue the numbering, so a later recovery still replays in order.
    await spool.append("new");
    expect(files(dir)).toEqual(["spool-000000000008.log"]);
    await spool.close();
  });

  it("refuses appends while its folder cannot be written, then carries on once it can", async () => {
    const dir = fresh();
    const spool = createSpool(dir);
    rmSync(dir, { recursive: true });
    await expect(spool.append("lost")).rejects.toThrow(/ENOENT/);
    expect(await spool.drain(async () => expect.unreachable())).toBe(0);
    mkdirSync(dir);
    await spool.append("kept");
    const stored: string[] = [];
    expect(await spool.drain(async (m) => void stored.push(...m.map((x) => x.body)))).toBe(1);
    expect(stored).toEqual(["kept"]);
    await spool.close();
  });

  it("reads only complete records from damaged bytes", () => {
    const good = frame({ id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", body: "ok" });
    expect(parseSpool(Buffer.alloc(0))).toEqual([]);
    expect(parseSpool(Buffer.from("not a header\nbody\n"))).toEqual([]);
    expect(parseSpool(Buffer.concat([good, Buffer.from("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b 3\nabcX")]))).toHaveLength(
      1,
    );
  });
});
