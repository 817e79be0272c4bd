import type { JSX } from "solid-js";

/**
 * A translated sentence with elements inside it: each `{{ name }}` left in the text (pass no value for
 * it to `t`) becomes `parts[name]`, so a language can move the code sample or link where its grammar wants.
 */
export function rich(text: string, parts: Record<string, JSX.Element>): JSX.Element {
  return text.split(/\{\{\s*(\w+)\s*\}\}/).map((piece, i) => (i % 2 === 1 ? (parts[piece] ?? piece) : piece));
}
