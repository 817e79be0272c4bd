import { clickUrl, escapeHtml, openUrl, type PersonVars, substitute, unsubscribePage } from "./shared";

interface EmailStep {
  subject: string | null;
  body: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/**
 * One person's email from a step: variables filled (escaped in HTML), paragraphs from blank lines, each
 * http(s) link replaced by its signed click URL, an open pixel and the unsubscribe link. Without a
 * recipient (a preview) links stay as written and the unsubscribe link points nowhere. No inline
 * styles: the portal's preview shows this HTML under its own CSP.
 */
export async function renderEmail(
  step: EmailStep,
  person: PersonVars,
  recipientId: string | null,
): Promise<RenderedEmail> {
  const subject = substitute(step.subject ?? "", person).replace(/[\r\n]+/g, " ");
  const text = substitute(step.body ?? "", person);
  let html = substitute(escapeHtml(step.body ?? ""), person, escapeHtml);
  const links = [...new Set(html.match(URL_PATTERN) ?? [])].map((escaped) => {
    // Sentence punctuation after a link is not part of it.
    const trimmed = escaped.replace(/[.,;:!?)]+$/, "");
    return { escaped: trimmed, url: trimmed.replace(/&amp;/g, "&").replace(/&#39;/g, "'") };
  });
  const tracked = new Map<string, string>();
  for (const link of links) {
    tracked.set(link.escaped, recipientId ? await clickUrl(recipientId, link.url) : link.url);
  }
  html = html.replace(URL_PATTERN, (escaped) => {
    const trimmed = escaped.replace(/[.,;:!?)]+$/, "");
    const href = tracked.get(trimmed) ?? trimmed;
    return `<a href="${escapeHtml(href)}">${trimmed}</a>${escaped.slice(trimmed.length)}`;
  });
  const paragraphs = html
    .split(/\n\s*\n/)
    .map((p) => `<p>${p.trim().replace(/\n/g, "<br>")}</p>`)
    .join("\n");
  const unsubscribe = recipientId ? await unsubscribePage(recipientId) : "#unsubscribe";
  const pixel = recipientId ? `<img src="${escapeHtml(await openUrl(recipientId))}" width="1" height="1" alt="">` : "";
  return {
    subject,
    text: `${text}\n\n--\nUnsubscribe: ${unsubscribe}\n`,
    html: `<!doctype html><html><body>${paragraphs}\n<p><small>You receive this because you are a customer of ours. <a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></small></p>${pixel}</body></html>`,
  };
}
