import * as i18n from "@solid-primitives/i18n";
import { createSignal } from "solid-js";
import { en } from "./en";
import { fr } from "./fr";
import { setPluralLocale } from "./plural";

/**
 * The one i18n layer: every string a user reads comes from a dictionary through `t(key, args)`.
 * English is the source of the dictionary's shape; every other language must fill the same keys
 * (the compiler checks it). Dates and numbers go through `Intl` with the same language (format.ts).
 */
export type Dictionary = typeof en;

export const locales = { en: "English", fr: "Français" } as const;
export type Locale = keyof typeof locales;

const STORAGE_KEY = "dotmac.locale";
const dictionaries: Record<Locale, i18n.Flatten<Dictionary>> = {
  en: i18n.flatten(en),
  fr: i18n.flatten(fr),
};

const isLocale = (value: unknown): value is Locale => typeof value === "string" && value in locales;

function initialLocale(): Locale {
  const stored = readStored();
  if (isLocale(stored)) return stored;
  const browser = navigator.language.slice(0, 2).toLowerCase();
  return isLocale(browser) ? browser : "en";
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());

export { locale };

/**
 * The BCP 47 tag for `Intl`: the browser's own regional variant when it speaks the chosen language
 * (an en-GB browser keeps day-month dates in English), else the bare language.
 */
export function intlLocale(): string {
  const browser = navigator.language;
  return browser.toLowerCase().startsWith(locale()) ? browser : locale();
}

function applyLocale(): void {
  document.documentElement.lang = locale();
  setPluralLocale(intlLocale());
}
applyLocale();

/** Switches the language for this browser (kept in localStorage). */
export function setLocale(next: Locale): void {
  setLocaleSignal(next);
  applyLocale();
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the choice still holds for this page.
  }
}

/** `t("tickets.list.title")`, `t("kit.table.shown", { count: "3" })`, `t("tickets.selected", 3)`. */
export const t = i18n.translator(() => dictionaries[locale()], i18n.resolveTemplate);
