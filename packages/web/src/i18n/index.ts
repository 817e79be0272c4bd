import * as i18n from "@solid-primitives/i18n";
import { createSignal } from "solid-js";
import { en } from "./en";
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
type Flat = i18n.Flatten<Dictionary>;
const english: Flat = i18n.flatten(en);
/** English ships with the entry; another language is its own chunk, fetched when it is chosen. */
const loaders: Record<Exclude<Locale, "en">, () => Promise<Dictionary>> = {
  fr: () => import("./fr").then((module) => module.fr),
};
const [dictionaries, setDictionaries] = createSignal<Partial<Record<Locale, Flat>>>({ en: english });

async function loadDictionary(next: Locale): Promise<void> {
  if (next === "en" || dictionaries()[next]) return;
  const flat = i18n.flatten(await loaders[next]());
  setDictionaries((loaded) => ({ ...loaded, [next]: flat }));
}

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

/** The chosen language's dictionary is loaded: the entry renders after this, so no English flashes. */
export const localeReady: Promise<void> = loadDictionary(locale()).catch(() => {
  setLocaleSignal("en");
  applyLocale();
});

/** Switches the language for this browser (kept in localStorage), once its dictionary has arrived. */
export async function setLocale(next: Locale): Promise<void> {
  await loadDictionary(next);
  setLocaleSignal(next);
  applyLocale();
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the choice still holds for this page.
  }
}

/** `t("tickets.list.title")`, `t("kit.table.shown", { count: "3" })`, `t("tickets.selected", 3)`. */
export const t = i18n.translator(() => dictionaries()[locale()] ?? english, i18n.resolveTemplate);
