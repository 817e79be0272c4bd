import type { IOptions } from "sanitize-html";

/** What a render may add to the stored, already sanitised HTML. */
export interface RenderOptions {
  /** `cid:` content id (without brackets) → URL of the stored inline attachment; unknown cids are dropped. */
  inline?: Record<string, string>;
  /** The agent asked to load remote images: `https:` ones get their `src` back (never `http:`). */
  remoteImages?: boolean;
}

const ALLOWED_TAGS = [
  "a",
  "abbr",
  "address",
  "b",
  "bdi",
  "bdo",
  "big",
  "blockquote",
  "br",
  "caption",
  "center",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "details",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "font",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "mark",
  "ol",
  "p",
  "pre",
  "q",
  "s",
  "samp",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "tt",
  "u",
  "ul",
  "var",
  "wbr",
];
const COMMON_ATTRIBUTES = [
  "align",
  "valign",
  "width",
  "height",
  "bgcolor",
  "border",
  "cellpadding",
  "cellspacing",
  "colspan",
  "rowspan",
  "dir",
  "lang",
  "title",
  "style",
  "class",
  "color",
  "face",
  "size",
  "start",
  "type",
];
// Anything that can run, load or bind from inside CSS; escapes are refused too, since they can spell the rest.
const DANGEROUS_STYLE = /expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|@import|url\s*\(|\\/i;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;

/** Drops a style attribute that could do more than style. */
function cleanStyle(attribs: Record<string, string>): Record<string, string> {
  const style = attribs.style;
  if (style === undefined || !DANGEROUS_STYLE.test(style)) return attribs;
  const { style: _dropped, ...rest } = attribs;
  return rest;
}

function imageAttributes(attribs: Record<string, string>, render: RenderOptions): Record<string, string> {
  const { src: rawSrc, "data-blocked-src": blocked, ...rest } = cleanStyle(attribs);
  const src = (rawSrc ?? "").trim();
  const remote = /^https?:/i.test(src) ? src : blocked && /^https?:/i.test(blocked.trim()) ? blocked.trim() : undefined;
  if (remote) {
    if (render.remoteImages && /^https:/i.test(remote)) return { ...rest, src: remote };
    return { ...rest, "data-blocked-src": remote };
  }
  if (/^cid:/i.test(src)) {
    const cid = src.slice(4).replace(/^<|>$/g, "");
    if (!render.inline) return { ...rest, src };
    const url = render.inline[cid];
    return url ? { ...rest, src: url } : rest;
  }
  if (DATA_IMAGE.test(src)) return { ...rest, src };
  return rest;
}

function options(render: RenderOptions): IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      "*": COMMON_ATTRIBUTES,
      a: ["href", "name", "target", "rel"],
      img: ["src", "alt", "data-blocked-src"],
      td: ["nowrap"],
      th: ["nowrap", "scope"],
      ol: ["reversed"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    // Every img src was decided by imageAttributes first (an inline attachment URL may be local http).
    allowedSchemesByTag: { img: ["http", "https", "data", "cid"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    // <style>, <script>, <title> and the like go with their content; other unknown tags leave their text.
    nonTextTags: ["style", "script", "textarea", "option", "noscript", "title", "head", "xmp", "noembed", "noframes"],
    transformTags: {
      "*": (tagName, attribs) => ({ tagName, attribs: cleanStyle(attribs) }),
      img: (tagName, attribs) => ({ tagName, attribs: imageAttributes(attribs, render) }),
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...cleanStyle(attribs), target: "_blank", rel: "noopener noreferrer nofollow" },
      }),
    },
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src && !frame.attribs["data-blocked-src"],
  };
}

/**
 * Email HTML made safe to show (decision in decisions-issue11-email): an allowlist of tags, attributes
 * and schemes; no script, handler, `javascript:`, non-image `data:`, `<base>`, `<meta>`, `<style>`, form or
 * frame; CSS that could run or load anything dropped. Remote images are kept only as `data-blocked-src`
 * until a render asks for them; `cid:` images stay `cid:` when stored and become attachment URLs when
 * rendered. sanitize-html is loaded on first use, by the inbound consumer and the HTML route only.
 */
export async function sanitizeEmailHtml(html: string, render: RenderOptions = {}): Promise<string> {
  const { default: sanitize } = await import("sanitize-html");
  return sanitize(html, options(render));
}
