/**
 * Text Postgres can store and UTF-8 can encode. Its own module, below both the input vocabulary and
 * the error type, which each need it.
 */

/** NUL (which Postgres `text` refuses) or a UTF-16 surrogate without its pair (not encodable as UTF-8). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = "must not contain NUL characters or unpaired UTF-16 surrogates";

/** Whether a string can be stored in a Postgres text column and encoded as UTF-8. */
export function isStorable(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** Replaces what `isStorable` refuses with U+FFFD: error messages and reasons must always be storable. */
export function toStorable(value: string, max = 4000): string {
  const cleaned = value.replace(new RegExp(UNSTORABLE.source, "g"), "\uFFFD");
  if (cleaned.length <= max) return cleaned;
  // Never cut a surrogate pair in half: that would make the lone surrogate this function removes.
  const end = /[\uD800-\uDBFF]/.test(cleaned.charAt(max - 2)) ? max - 2 : max - 1;
  return `${cleaned.slice(0, end)}…`;
}

/**
 * The first string anywhere in `value` (keys included) that `isStorable` refuses, as a dotted path, or
 * undefined. Walks plain JSON (objects, arrays, strings); stops at `depth` to stay bounded.
 */
export function findUnstorable(value: unknown, path = "", depth = 0): string | undefined {
  if (typeof value === "string") return isStorable(value) ? undefined : path || "(root)";
  if (depth > 32 || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof Blob) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!isStorable(key)) return at;
    const found = findUnstorable(item, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}
