import { and, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { hashToken, newToken } from "../auth/token";
import { useConfig } from "../platform/config";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError, errorMessage } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { deliverRawMail } from "../platform/mail";
import { formatMoney } from "../platform/money";
import { emit } from "../platform/outbox";
import { publicUrl } from "../platform/public-url";
import { leadTable } from "../sales/sales.sql";
import { documentOf, drawQuote, quoteHtml, SELLER } from "./document";
import { Events } from "./events";
import { quoteLinkTable, quoteTable } from "./quote.sql";
import { type Info, infoOf, type QuoteRow, quoteRow } from "./shared";

/** A rendered quote: the PDF's bytes and the name to save it under. */
export interface QuoteFile {
  filename: string;
  bytes: Uint8Array;
}

/** Renders a quote's PDF (jsPDF, loaded on first use). The same quote renders to the same bytes. */
export async function renderQuotePdf(info: Info): Promise<QuoteFile> {
  const { renderPdf } = await import("../platform/pdf");
  const doc = documentOf(info);
  const bytes = await renderPdf(
    { title: doc.title, author: SELLER, subject: info.title, createdAt: new Date(info.updatedAt), footer: doc.title },
    (w) => drawQuote(doc, w),
  );
  return { filename: `${info.number}.pdf`, bytes };
}

/** The PDF of a quote, for staff (crm:quote:read). */
export const pdf = fn(id(), async (quoteId): Promise<QuoteFile> => {
  requirePermission("crm:quote:read");
  const info = await createTransaction(async (tx) => infoOf(tx, await quoteRow(tx, quoteId)));
  return renderQuotePdf(info);
});

/** The HTML preview of a quote: the PDF's figures, every value escaped (crm:quote:read). */
export const preview = fn(id(), async (quoteId): Promise<string> => {
  requirePermission("crm:quote:read");
  const info = await createTransaction(async (tx) => infoOf(tx, await quoteRow(tx, quoteId)));
  return quoteHtml(documentOf(info));
});

/** The page a quote link opens; the token rides in the fragment, which browsers never send. */
export const acceptLink = (token: string) => `${publicUrl()}/quote#token=${token}`;

/** Issues a fresh single-use link for the quote (earlier ones stop working); only its hash is stored. */
async function issueLink(tx: Transaction, quote: QuoteRow): Promise<string> {
  const now = new Date();
  await tx
    .update(quoteLinkTable)
    .set({ revokedAt: now })
    .where(and(eq(quoteLinkTable.quoteId, quote.id), isNull(quoteLinkTable.usedAt), isNull(quoteLinkTable.revokedAt)));
  const token = newToken();
  await tx
    .insert(quoteLinkTable)
    .values({ quoteId: quote.id, tokenHash: hashToken(token), expiresAt: quote.expiresAt });
  return token;
}

export const SendInput = z.object({
  id: id(),
  via: z.enum(["email", "inbox"]).default("email"),
  /** Email: the address to send to; the customer's email by default. */
  to: z.email().max(320).optional(),
  /** Inbox: the conversation to reply in; the lead's conversation by default. */
  conversationId: id().optional(),
  /** A few words above the link. */
  message: text(2000).optional(),
});

function messageText(info: Info, link: string, message: string | undefined): string {
  const total = formatMoney(info.totalMinor, info.currency, "en", "code");
  return [
    message ?? `Hello ${info.personName}, here is your quote ${info.number} from ${SELLER}.`,
    "",
    `${info.title}: ${total}, valid until ${info.expiresAt.slice(0, 10)}.`,
    `Review, accept or decline it here: ${link}`,
    "",
    "You can also sign in to the customer portal and open Quotes.",
  ].join("\n");
}

/**
 * Sends a quote: a draft becomes `sent` (and frozen); a sent quote is sent again with a fresh link.
 * By email, the PDF is attached and the mail is handed to the transport before the transaction
 * commits, so a refused delivery changes nothing; through the inbox, the link goes as a reply in the
 * lead's conversation.
 */
export const send = fn(SendInput, async (input): Promise<Info> => {
  requirePermission("crm:quote:write");
  return createTransaction(async (tx) => {
    const before = await quoteRow(tx, input.id, true);
    if (before.status !== "draft" && before.status !== "sent") {
      throw new AppError("conflict", `Quote ${before.number} is ${before.status}: it cannot be sent`, [], {
        reason: { key: "quote_closed", params: { status: before.status } },
      });
    }
    if (before.expiresAt <= new Date()) {
      throw new AppError(
        "conflict",
        `Quote ${before.number} expired on ${before.expiresAt.toISOString().slice(0, 10)}: change its expiry first`,
      );
    }
    const [row] = await tx
      .update(quoteTable)
      .set({ status: "sent", sentAt: new Date() })
      .where(eq(quoteTable.id, before.id))
      .returning();
    const quote = row as QuoteRow;
    const info = await infoOf(tx, quote);
    if (info.lines.length === 0) {
      throw new AppError("validation", "lines: add at least one line before sending", [
        { path: "lines", message: "is empty" },
      ]);
    }
    const token = await issueLink(tx, quote);
    const body = messageText(info, acceptLink(token), input.message);
    if (input.via === "inbox") {
      let conversationId = input.conversationId;
      if (!conversationId && quote.leadId) {
        const [lead] = await tx
          .select({ c: leadTable.conversationId })
          .from(leadTable)
          .where(eq(leadTable.id, quote.leadId));
        conversationId = lead?.c ?? undefined;
      }
      if (!conversationId) {
        throw new AppError("validation", "conversationId: the lead has no conversation; name one or send by email", [
          { path: "conversationId", message: "is required" },
        ]);
      }
      const Inbox = await import("../inbox");
      await Inbox.reply({ conversationId, body, idempotencyKey: `quote:${quote.id}:${quote.sentAt?.toISOString()}` });
    } else {
      const to = input.to ?? info.personEmail;
      if (!to) {
        throw new AppError("validation", "to: the customer has no email address; give one", [
          { path: "to", message: "is required" },
        ]);
      }
      const file = await renderQuotePdf(info);
      const from = useConfig().MAIL_FROM;
      const { default: MailComposer } = await import("nodemailer/lib/mail-composer/index.js");
      const subject = `Quote ${info.number}: ${info.title}`;
      const raw = await new MailComposer({
        from,
        to,
        subject,
        text: body,
        attachments: [{ filename: file.filename, contentType: "application/pdf", content: Buffer.from(file.bytes) }],
      })
        .compile()
        .build();
      await deliverRawMail({ from, to, subject, text: body, raw }).catch((error) => {
        throw new AppError("unavailable", `The quote could not be emailed (${errorMessage(error)}); try again`);
      });
    }
    await emit(Events.Sent, { quoteId: quote.id, via: input.via });
    await Audit.record({
      action: "quote.sent",
      entityType: "quote",
      entityId: quote.id,
      changes: { ...Audit.diff(before, quote, ["status", "sentAt"]), via: { to: input.via } },
    });
    return info;
  });
});
