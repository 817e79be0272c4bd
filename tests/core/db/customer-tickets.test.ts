import type * as Auth from "@dotmac/core/auth";
import type { Actor } from "@dotmac/core/platform/context";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import type { AppError } from "@dotmac/core/platform/errors";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Ticket from "@dotmac/core/ticket";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";
import { portalWorld } from "../../support/portals";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof portalWorld>>;
let staff: ReturnType<typeof staffActor>;
let ada: Actor;
let bola: Actor;
let resellerA: Actor;
let resellerB: Actor;

type Account = Awaited<ReturnType<typeof Auth.createUser>>;
const portalActor = (
  account: Account,
  portal: "customer" | "reseller",
  extra: Record<string, unknown> = {},
): Actor => ({
  type: "user",
  properties: { userId: account.id, email: account.email, portal, roles: account.roles, permissions: [], ...extra },
});

beforeAll(async () => {
  t = await setupTestDatabase();
  world = await portalWorld("CT");
  const { accounts, subscribers, orgs } = world;
  staff = staffActor({ id: accounts.staff.id, email: accounts.staff.email, roles: ["admin"] });
  ada = portalActor(accounts.customer, "customer", { subscriberId: subscribers.subA });
  bola = portalActor(accounts.otherCustomer, "customer", { subscriberId: subscribers.subB });
  resellerA = portalActor(accounts.adminA, "reseller", { organizationId: orgs.resellerA.id });
  resellerB = portalActor(accounts.adminB, "reseller", { organizationId: orgs.resellerB.id });
});
afterAll(() => t.close());

// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const as = <T>(actor: Actor, work: () => Promise<T>) => withActor(actor, async () => work());

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

/** Staff work the ticket and resolve it: the customer is asked to confirm. */
async function resolve(id: string) {
  await as(staff, () => Ticket.changeStatus({ id, status: "open" }));
  await as(staff, () => Ticket.changeStatus({ id, status: "pending_confirmation", note: "Fixed on our side" }));
}

describe(`customer portal tickets on ${dbKind}`, () => {
  it("a customer opens a ticket for their own service, whatever the input claims", async () => {
    const opened = await as(ada, () =>
      Ticket.Customer.open({
        title: "Internet down since this morning",
        description: "All lights are on but no connection.",
        // Ignored: the subscriber comes from the account, never from the input.
        ...({ subscriberId: world.subscribers.subB } as object),
      } as Parameters<typeof Ticket.Customer.open>[0]),
    );
    expect(opened).toMatchObject({ status: "new", priority: "medium", title: "Internet down since this morning" });
    const ticket = await as(staff, () => Ticket.fromRef(opened.id));
    expect(ticket).toMatchObject({
      channel: "web",
      subscriberId: world.subscribers.subA,
      organizationId: world.orgs.resellerA.id,
      createdById: world.accounts.customer.id,
    });
    expect((await as(ada, () => Ticket.Customer.list({}))).items.map((i) => i.id)).toContain(opened.id);

    const types = await as(ada, () => Ticket.Customer.types());
    expect(types.length).toBeGreaterThan(0);
    const typed = await as(ada, () =>
      Ticket.Customer.open({ title: "Slow", description: "Evenings", ticketTypeId: types[0]?.id }),
    );
    expect((await as(staff, () => Ticket.fromRef(typed.id)))?.ticketTypeId).toBe(types[0]?.id);
  });

  it("another customer's ticket is 404, the same as a missing one, and never listed", async () => {
    const mine = await as(ada, () => Ticket.Customer.open({ title: "Router reboots", description: "Every hour" }));
    for (const ref of [mine.id, mine.number]) {
      const refused = await failure(as(bola, () => Ticket.Customer.detail(ref)));
      expect(refused.code).toBe("not_found");
    }
    const missing = await failure(as(bola, () => Ticket.Customer.detail("TCK-1999-000001")));
    expect(missing.code).toBe("not_found");
    expect((await failure(as(bola, () => Ticket.Customer.reply({ id: mine.id, body: "hi" })))).code).toBe("not_found");
    expect(
      (
        await failure(
          as(bola, () =>
            Ticket.Customer.createSlot({ id: mine.id, filename: "a.png", contentType: "image/png", size: 9 }),
          ),
        )
      ).code,
    ).toBe("not_found");
    expect((await as(bola, () => Ticket.Customer.list({}))).items.map((i) => i.id)).not.toContain(mine.id);
    // Staff and resellers are not customers.
    expect((await failure(as(staff, () => Ticket.Customer.list({})))).code).toBe("forbidden");
  });

  it("internal notes and staff emails never reach the customer; replies are public and hand the ticket back", async () => {
    const mine = await as(ada, () => Ticket.Customer.open({ title: "No signal on ONT", description: "Red LOS light" }));
    await as(staff, () =>
      Ticket.addComment({ id: mine.id, body: `@${world.accounts.staff.email} check the splitter`, isInternal: true }),
    );
    await as(staff, () =>
      Ticket.addComment({ id: mine.id, body: "A technician visits tomorrow. Is 10:00 fine?", isInternal: false }),
    );
    await as(staff, () => Ticket.changeStatus({ id: mine.id, status: "waiting_on_customer" }));

    const before = await as(ada, () => Ticket.Customer.detail(mine.number));
    expect(before.comments).toEqual([
      expect.objectContaining({
        body: "A technician visits tomorrow. Is 10:00 fine?",
        author: { kind: "staff", name: "Staff", you: false },
      }),
    ]);
    expect(JSON.stringify(before)).not.toContain(world.accounts.staff.email);
    expect(JSON.stringify(before)).not.toContain("splitter");

    const reply = await as(ada, () =>
      Ticket.Customer.reply({ id: mine.id, body: `Yes, 10:00 works. @${world.accounts.staff.email}` }),
    );
    expect(reply.author).toEqual({ kind: "customer", name: "Ada", you: true });
    const after = await as(ada, () => Ticket.Customer.detail(mine.id));
    expect(after.ticket.status).toBe("open");
    expect(after.comments.map((c) => c.author.kind)).toEqual(["staff", "customer"]);
    const log = await as(staff, () => Ticket.events(mine.id));
    expect(log.at(-1)).toMatchObject({ kind: "status_changed", from: "waiting_on_customer", to: "open" });

    const commented = await useTransaction((tx) =>
      tx.select().from(outboxTable).where(eq(outboxTable.type, "ticket.commented")),
    );
    expect(commented.map((o) => o.payload)).toContainEqual(
      expect.objectContaining({
        ticketId: mine.id,
        commentId: reply.id,
        isInternal: false,
        byCustomer: true,
        authorId: world.accounts.customer.id,
        // A customer's @address never notifies staff.
        mentions: [],
      }),
    );
    // A reply on an open ticket leaves the status alone.
    await as(ada, () => Ticket.Customer.reply({ id: mine.id, body: "Thanks" }));
    expect((await as(ada, () => Ticket.Customer.detail(mine.id))).ticket.status).toBe("open");
  });

  it("pages newest first without skipping or repeating", async () => {
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) {
      opened.push((await as(bola, () => Ticket.Customer.open({ title: `Question ${i}`, description: "?" }))).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await as(bola, () => Ticket.Customer.list({ limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...opened].reverse());
    const bad = await failure(as(bola, () => Ticket.Customer.list({ cursor: "nope" })));
    expect(bad.details[0]?.path).toBe("cursor");
  });

  it("a reseller sees the tickets of subscribers in its tree, and no one else's", async () => {
    const child = await as(staff, () =>
      Ticket.create({ title: "Child org outage", subscriberId: world.subscribers.subChild }),
    );
    const other = await as(staff, () => Ticket.create({ title: "B's outage", subscriberId: world.subscribers.subB }));
    const seenByA = (await as(resellerA, () => Ticket.Reseller.list({ limit: 100 }))).items.map((i) => i.id);
    expect(seenByA).toContain(child.ticket.id);
    expect(seenByA).not.toContain(other.ticket.id);
    const seenByB = (await as(resellerB, () => Ticket.Reseller.list({ limit: 100 }))).items.map((i) => i.id);
    expect(seenByB).toContain(other.ticket.id);
    expect(seenByB).not.toContain(child.ticket.id);
    expect((await failure(as(ada, () => Ticket.Reseller.list({})))).code).toBe("forbidden");
  });

  it("confirms or disputes a resolution while signed in", async () => {
    const first = await as(ada, () => Ticket.Customer.open({ title: "Wi-Fi drops", description: "Upstairs" }));
    await resolve(first.id);
    const waiting = await as(ada, () => Ticket.Customer.detail(first.id));
    expect(waiting.confirmation?.state).toBe("open");
    expect(await as(ada, () => Ticket.Customer.confirm({ id: first.id }))).toEqual({ state: "confirmed" });
    expect((await as(ada, () => Ticket.Customer.detail(first.id))).ticket.status).toBe("closed");
    expect((await failure(as(bola, () => Ticket.Customer.confirm({ id: first.id })))).code).toBe("not_found");

    const second = await as(ada, () => Ticket.Customer.open({ title: "Static IP", description: "Not applied" }));
    await resolve(second.id);
    expect(await as(ada, () => Ticket.Customer.dispute({ id: second.id, reason: "Still the old IP" }))).toEqual({
      state: "disputed",
    });
    const reopened = await as(ada, () => Ticket.Customer.detail(second.id));
    expect(reopened.ticket.status).not.toBe("pending_confirmation");
    expect(reopened.confirmation?.state).toBe("disputed");
  });
});
