/** Longest `next` we follow; longer values are not worth the parsing risk. */
export const MAX_REDIRECT_LENGTH = 2048;

// Whitespace and control characters: URL parsers strip tab/CR/LF and trim spaces, which can turn
// `/\t/evil` into `//evil`, and CR/LF in a Location header is response splitting.
const unsafeChar = /[\s\p{Cc}\p{Cf}]/u;

/** A path-absolute reference: one `/` then anything but another `/` or `\` (or exactly "/"). */
const pathAbsolute = (value: string) => value === "/" || /^\/[^/\\]/.test(value);

function acceptable(value: string): boolean {
  return pathAbsolute(value) && !unsafeChar.test(value) && !value.includes("\\");
}

/**
 * Where to send a user after sign-in: `next` only when it is a same-origin path, else `fallback`.
 * Percent-encoded forms are decoded (up to three layers) and must pass the same checks, so
 * `/%2F%2Fevil.com`, `/%5Cevil.com` and `/%0d%0a…` are refused. The value returned is `next`
 * unchanged, never a normalised form (normalising `/..//evil.com` would yield `//evil.com`).
 */
export function safeRedirect(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length > MAX_REDIRECT_LENGTH || !acceptable(next)) return fallback;
  let decoded = next;
  for (let layer = 0; ; layer++) {
    let inner: string;
    try {
      inner = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (inner === decoded) break;
    if (layer === 3 || !acceptable(inner)) return fallback;
    decoded = inner;
  }
  return next;
}
