/**
 * Plural forms by CLDR category, chosen with `Intl.PluralRules` for the active language. Dictionaries
 * use it for every counted phrase, so French "0 ticket" and English "0 tickets" both come out right.
 */
export interface PluralForms {
  one: string;
  other: string;
}

let pluralLocale = "en";
let rules = new Intl.PluralRules(pluralLocale);
const number = { format: (n: number) => n.toLocaleString(pluralLocale) };

/** Called by the i18n layer when the language changes. */
export function setPluralLocale(tag: string): void {
  pluralLocale = tag;
  rules = new Intl.PluralRules(tag);
}

/** The form for `n`, with `{{ n }}` replaced by the number formatted for the language. */
export function plural(n: number, forms: PluralForms): string {
  const form = rules.select(n) === "one" ? forms.one : forms.other;
  return form.replace(/\{\{\s*n\s*\}\}/g, number.format(n));
}

/** A dictionary entry for a counted phrase: `t("tickets.selected", 3)`. */
export const counted =
  (one: string, other: string) =>
  (n: number): string =>
    plural(n, { one, other });
