import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { useBlobStore, useLocalBlobStore } from "@dotmac/core/platform/blob";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import type { AppError } from "@dotmac/core/platform/errors";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import * as Ticket from "@dotmac/core/ticket";
import { ticketTable } from "@dotmac/core/ticket/ticket.sql";
import * as Upload from "@dotmac/core/upload";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../../support/actors";
import { dbKind, setupTestDatabase, type TestDatabase } from "../../support/db";
import { newSubscriber } from "../../support/portals";

/** The first bytes of a real 1×1 PNG: enough for the magic-byte check. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
  0, 0,
]);
const HTML = new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>");

let t: TestDatabase;
let admin: ReturnType<typeof staffActor>;
let agent: ReturnType<typeof staffActor>;
let customer: { type: "user"; properties: ReturnType<typeof staffActor>["properties"] };

beforeAll(async () => {
  t = await setupTestDatabase();
  const ops = await Auth.createUser({ email: "ops@isp.test", displayName: "Ops", roles: ["admin"] });
  const ada = await Auth.createUser({ email: "ada@isp.test", displayName: "Ada", roles: ["admin"] });
  admin = staffActor({ id: ops.id, email: ops.email, roles: ["admin"] });
  agent = staffActor({ id: ada.id, email: ada.email, roles: ["admin"] });
  const subscriberId = await newSubscriber("SUB-ATT-1");
  const account = await Auth.createUser({
    portal: "customer",
    email: "bola@home.test",
    displayName: "Bola",
    subscriberId,
    roles: [],
  });
  customer = {
    type: "user",
    properties: {
      userId: account.id,
      email: account.email,
      portal: "customer",
      roles: [],
      permissions: [],
      subscriberId,
    },
  };
});
afterAll(() => t.close());

// async, so input a verb refuses synchronously arrives as a rejection like any other failure.
const as = <T>(actor: Parameters<typeof withActor>[0], work: () => Promise<T>) => withActor(actor, async () => work());
const asAdmin = <T>(work: () => Promise<T>) => as(admin, work);

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the call to fail");
}

/** What the browser and the scan do between slot and attach: the bytes land under the slot's key, then the check runs. */
async function land(uploadId: string, bytes: Uint8Array) {
  const upload = await Upload.fromID(uploadId);
  if (!upload) throw new Error(`no upload ${uploadId}`);
  await useBlobStore().put(upload.key, bytes, upload.declaredType);
  return Upload.scan(upload.key);
}

const newTicket = (title: string, subscriberId?: string) =>
  asAdmin(async () => (await Ticket.create({ title, ...(subscriberId ? { subscriberId } : {}) })).ticket);

describe(`ticket attachments on ${dbKind}`, () => {
  it("slot → upload → attach: listed, logged, emitted, audited, and downloadable by a short-lived link", async () => {
    const ticket = await newTicket("Router lights blinking red");
    const slot = await asAdmin(() =>
      Ticket.Attachment.createSlot({
        id: ticket.id,
        filename: "router.png",
        contentType: "image/png",
        size: PNG.byteLength,
      }),
    );
    expect(slot).toMatchObject({
      maxBytes: PNG.byteLength,
      fields: expect.objectContaining({ key: expect.any(String) }),
    });
    expect(await land(slot.uploadId, PNG)).toMatchObject({ status: "accepted", detectedType: "image/png" });

    const attached = await asAdmin(() => Ticket.Attachment.attach({ id: ticket.id, uploadId: slot.uploadId }));
    expect(attached).toMatchObject({
      ticketId: ticket.id,
      commentId: null,
      filename: "router.png",
      contentType: "image/png",
      size: PNG.byteLength,
      isInternal: false,
      createdById: admin.properties.userId,
    });
    // A double submit answers the same attachment.
    expect(await asAdmin(() => Ticket.Attachment.attach({ id: ticket.id, uploadId: slot.uploadId }))).toEqual(attached);
    expect(await asAdmin(() => Ticket.Attachment.list(ticket.id))).toEqual([attached]);

    const events = await asAdmin(() => Ticket.events(ticket.id));
    expect(events.map((e) => e.kind)).toContain("attachment_added");
    const outbox = await useTransaction((tx) =>
      tx.select().from(outboxTable).where(eq(outboxTable.type, "ticket.attachment_added")),
    );
    expect(outbox.map((o) => o.payload)).toContainEqual(
      expect.objectContaining({ ticketId: ticket.id, attachmentId: attached.id, uploadId: slot.uploadId }),
    );
    const audit = await useTransaction((tx) =>
      tx.select().from(auditEventTable).where(eq(auditEventTable.action, "ticket.attachment_added")),
    );
    expect(audit.some((a) => a.entityId === ticket.id)).toBe(true);

    const link = await asAdmin(() => Ticket.Attachment.download({ id: ticket.id, attachmentId: attached.id }));
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    const grant = useLocalBlobStore()?.verifyDownload(Object.fromEntries(new URL(link.url).searchParams));
    expect(grant).toMatchObject({ contentType: "image/png", disposition: expect.stringMatching(/^inline; /) });

    await asAdmin(() => Ticket.Attachment.remove({ id: ticket.id, attachmentId: attached.id }));
    expect(await asAdmin(() => Ticket.Attachment.list(ticket.id))).toEqual([]);
    const gone = await failure(asAdmin(() => Ticket.Attachment.download({ id: ticket.id, attachmentId: attached.id })));
    expect(gone.code).toBe("not_found");
  });

  it("a file still being checked is 409; a quarantined one says why; nobody else may attach your upload", async () => {
    const ticket = await newTicket("Slow speeds in the evening");
    const slot = () =>
      asAdmin(() =>
        Ticket.Attachment.createSlot({ id: ticket.id, filename: "speed.png", contentType: "image/png", size: 4096 }),
      );
    const pending = await slot();
    const early = await failure(asAdmin(() => Ticket.Attachment.attach({ id: ticket.id, uploadId: pending.uploadId })));
    expect(early.code).toBe("conflict");
    expect(early.message).toMatch(/still being checked/);

    const disguised = await slot();
    expect(await land(disguised.uploadId, HTML)).toMatchObject({ status: "rejected" });
    const refused = await failure(
      asAdmin(() => Ticket.Attachment.attach({ id: ticket.id, uploadId: disguised.uploadId })),
    );
    expect(refused.code).toBe("unsupported_media_type");
    expect(refused.message).toMatch(/quarantined: content type could not be identified/);
    expect(refused.details).toEqual([{ path: "uploadId", message: expect.stringMatching(/could not be identified/) }]);

    const mine = await slot();
    await land(mine.uploadId, PNG);
    const stolen = await failure(as(agent, () => Ticket.Attachment.attach({ id: ticket.id, uploadId: mine.uploadId })));
    expect(stolen.code).toBe("not_found");
  });

  it("slots name the field to fix: size, type, a comment of another ticket, a merged ticket", async () => {
    const ticket = await newTicket("No dial tone");
    const other = await newTicket("Another ticket");
    const otherComment = await asAdmin(() => Ticket.addComment({ id: other.id, body: "Checked", isInternal: true }));
    const slot = (input: Partial<Parameters<typeof Ticket.Attachment.createSlot>[0]>) =>
      failure(
        asAdmin(() =>
          Ticket.Attachment.createSlot({
            id: ticket.id,
            filename: "a.png",
            contentType: "image/png",
            size: 10,
            ...input,
          }),
        ),
      );
    const big = await slot({ size: 1024 * 1024 * 1024 });
    expect(big.code).toBe("payload_too_large");
    expect(big.details[0]?.path).toBe("size");
    const html = await slot({ filename: "a.html", contentType: "text/html" });
    expect(html.code).toBe("validation");
    expect(html.details[0]?.path).toBe("contentType");
    const foreign = await slot({ commentId: otherComment.id });
    expect(foreign.details[0]?.path).toBe("commentId");

    await useTransaction((tx) =>
      tx.update(ticketTable).set({ status: "merged", mergedIntoId: other.id }).where(eq(ticketTable.id, ticket.id)),
    );
    expect((await slot({})).code).toBe("precondition_failed");
  });

  it("a file on an internal note is internal and hidden from the customer; customers' files never are", async () => {
    const subscriberId = customer.properties.subscriberId as string;
    const ticket = await newTicket("Fibre cut near the house", subscriberId);
    const note = await asAdmin(() => Ticket.addComment({ id: ticket.id, body: "Splice photo", isInternal: true }));
    const staffSlot = await asAdmin(() =>
      Ticket.Attachment.createSlot({
        id: ticket.id,
        commentId: note.id,
        filename: "splice.png",
        contentType: "image/png",
        size: PNG.byteLength,
      }),
    );
    await land(staffSlot.uploadId, PNG);
    const internal = await asAdmin(() =>
      Ticket.Attachment.attach({ id: ticket.id, uploadId: staffSlot.uploadId, commentId: note.id }),
    );
    expect(internal.isInternal).toBe(true);

    const custSlot = await as(customer, () =>
      Ticket.Customer.createSlot({
        id: ticket.id,
        filename: "cable.png",
        contentType: "image/png",
        size: PNG.byteLength,
      }),
    );
    await land(custSlot.uploadId, PNG);
    const theirs = await as(customer, () => Ticket.Customer.attach({ id: ticket.id, uploadId: custSlot.uploadId }));
    expect(theirs).toMatchObject({ isInternal: false, createdById: customer.properties.userId });

    const seen = await as(customer, () => Ticket.Customer.detail(ticket.number));
    expect(seen.attachments.map((a) => a.filename)).toEqual(["cable.png"]);
    const hidden = await failure(
      as(customer, () => Ticket.Customer.download({ id: ticket.id, attachmentId: internal.id })),
    );
    expect(hidden.code).toBe("not_found");
    // A customer cannot hang a file on a staff note either.
    const onNote = await failure(
      as(customer, () =>
        Ticket.Customer.createSlot({
          id: ticket.id,
          commentId: note.id,
          filename: "x.png",
          contentType: "image/png",
          size: 9,
        }),
      ),
    );
    expect(onNote.details[0]?.path).toBe("commentId");
    expect((await asAdmin(() => Ticket.Attachment.list(ticket.id))).map((a) => a.filename).sort()).toEqual([
      "cable.png",
      "splice.png",
    ]);
  });
});
