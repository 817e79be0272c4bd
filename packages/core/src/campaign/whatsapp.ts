import { and, asc, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { inboxChannelTable } from "../inbox/inbox.sql";
import { bodyVariableCount, renderBody } from "../inbox/templates";
import { inboxTemplateTable } from "../inbox/templates.sql";
import type { Tx } from "../platform/db";
import { useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";

/** A WhatsApp channel and the approved templates a campaign may send from it. */
export const WhatsAppChannelInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  templates: z.array(
    z.object({
      name: z.string(),
      language: z.string(),
      category: z.string(),
      /** The body with `{{1}}`… as Meta approved it. */
      body: z.string().nullable(),
      /** How many `{{n}}` the body holds: each must be mapped to a person field or a fixed text. */
      variables: z.number().int(),
    }),
  ),
});
export type WhatsAppChannelInfo = z.infer<typeof WhatsAppChannelInfo>;

/**
 * The organisation's WhatsApp channels, each with its approved templates (synced from Meta by the
 * inbox), for the campaign form's pickers (crm:campaign:read: a marketer needs no inbox settings).
 */
export const whatsappChannels = fn(z.object({}), async (): Promise<WhatsAppChannelInfo[]> => {
  requirePermission("crm:campaign:read");
  return useTransaction(async (tx) => {
    const channels = await tx
      .select({ id: inboxChannelTable.id, name: inboxChannelTable.name })
      .from(inboxChannelTable)
      .where(and(eq(inboxChannelTable.kind, "whatsapp"), isNull(inboxChannelTable.deletedAt)))
      .orderBy(asc(inboxChannelTable.name));
    const templates = await tx
      .select()
      .from(inboxTemplateTable)
      .where(eq(inboxTemplateTable.status, "APPROVED"))
      .orderBy(asc(inboxTemplateTable.name), asc(inboxTemplateTable.language));
    return channels.map((c) => ({
      ...c,
      templates: templates
        .filter((t) => t.channelId === c.id)
        .map((t) => ({
          name: t.name,
          language: t.language,
          category: t.category,
          body: renderBody(t.components, []),
          variables: bodyVariableCount(t.components),
        })),
    }));
  });
});

interface TemplateStep {
  templateName?: string | null | undefined;
  templateLanguage?: string | null | undefined;
  templateVariables: string[];
}

/**
 * A WhatsApp step's template, checked against the channel's copy: it must exist there, and every
 * `{{n}}` of its body must be mapped (a person field such as `{{first_name}}`, or a fixed text).
 * `approved`: also refuse one Meta has not approved (scheduling; a draft may wait for approval).
 */
export async function checkTemplate(
  tx: Tx,
  channelId: string,
  step: TemplateStep,
  position: number,
  options: { approved: boolean },
) {
  const path = `steps.${position}`;
  const [template] = await tx
    .select()
    .from(inboxTemplateTable)
    .where(
      and(
        eq(inboxTemplateTable.channelId, channelId),
        eq(inboxTemplateTable.name, step.templateName ?? ""),
        eq(inboxTemplateTable.language, step.templateLanguage ?? ""),
      ),
    );
  const code = options.approved ? "precondition_failed" : "validation";
  if (!template) {
    throw new AppError(
      code,
      `Invalid input: ${path}.templateName: ${step.templateName} (${step.templateLanguage}) is not a template of this channel; pick one from the list`,
      [{ path: `${path}.templateName`, message: "not a template of this channel" }],
    );
  }
  if (options.approved && template.status !== "APPROVED") {
    throw new AppError(
      "precondition_failed",
      `Template ${step.templateName} (${step.templateLanguage}) is not approved on this channel: only approved templates may be sent`,
      [{ path: `${path}.templateName`, message: "not an approved template" }],
    );
  }
  const needed = bodyVariableCount(template.components);
  for (let n = 0; n < needed; n += 1) {
    if (!step.templateVariables[n]?.trim()) {
      throw new AppError(
        code,
        `Invalid input: ${path}.templateVariables.${n}: map the template's variable {{${n + 1}}} to a person field or a fixed text`,
        [{ path: `${path}.templateVariables.${n}`, message: `{{${n + 1}}} is not mapped` }],
      );
    }
  }
  if (step.templateVariables.length > needed) {
    throw new AppError(
      code,
      `Invalid input: ${path}.templateVariables: the template has ${needed} variable(s), ${step.templateVariables.length} were given`,
      [{ path: `${path}.templateVariables`, message: `the template has ${needed} variable(s)` }],
    );
  }
}
