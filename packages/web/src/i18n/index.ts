import * as i18n from "@solid-primitives/i18n";
import { createSignal } from "solid-js";
import { type Area, areaLoaders } from "./areas";
import type { en } from "./en";
import { shell } from "./en/shell";
import { setPluralLocale } from "./plural";

export type { Area } from "./areas";

/**
 * The one i18n layer: every string a user reads comes from a dictionary through `t(key, args)`.
 * English is the source of the dictionary's shape; every other language must fill the same keys
 * (the compiler checks it). Dates and numbers go through `Intl` with the same language (format.ts).
 * The dictionary is loaded by area: the entry carries the shell's words in English (en/shell.ts); each
 * page names the areas it reads (`page()` in routes/) and renders once they are loaded in the language
 * shown, so no raw key ever paints.
 */
export type Dictionary = typeof en;

export const locales = { en: "English", fr: "Français" } as const;
export type Locale = keyof typeof locales;

const STORAGE_KEY = "dotmac.locale";
/** What is loaded so far, per language: the shell's words and every area fetched, flattened together. */
type Loaded = Partial<Record<string, unknown>>;

/** English shell words ship with the entry; another language's shell words are one chunk, fetched when chosen. */
const shellLoaders: Record<Exclude<Locale, "en">, () => Promise<typeof shell>> = {
  fr: () => import("./fr/shell").then((module) => module.shell),
};
const [dictionaries, setDictionaries] = createSignal<Partial<Record<Locale, Loaded>>>({ en: i18n.flatten(shell) });
/** Areas per language, loaded or on their way. */
const areasLoaded: Record<Locale, Map<Area, Promise<void>>> = { en: new Map(), fr: new Map() };
const shellLoaded: Partial<Record<Locale, Promise<void>>> = { en: Promise.resolve() };
/** Every area a page has asked for: a language switch brings all of them before it shows. */
const wanted = new Set<Area>();

function merge(next: Locale, words: Loaded): void {
  setDictionaries((loaded) => ({ ...loaded, [next]: { ...loaded[next], ...words } }));
}

function loadShell(next: Locale): Promise<void> {
  if (next === "en") return Promise.resolve();
  const pending =
    shellLoaded[next] ??
    shellLoaders[next]().then(
      (words) => merge(next, i18n.flatten(words)),
      (error: unknown) => {
        delete shellLoaded[next];
        throw error;
      },
    );
  shellLoaded[next] = pending;
  return pending;
}

function loadArea(next: Locale, area: Area): Promise<void> {
  const known = areasLoaded[next].get(area);
  if (known) return known;
  const pending = areaLoaders[next][area]().then(
    // Typed as any record: flattening the union of every area's dictionary type is minutes of checking.
    (words) => merge(next, i18n.flatten({ [area]: words } as i18n.BaseRecordDict)),
    (error: unknown) => {
      areasLoaded[next].delete(area);
      throw error;
    },
  );
  areasLoaded[next].set(area, pending);
  return pending;
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
export const localeReady: Promise<void> = loadShell(locale()).catch(() => {
  setLocaleSignal("en");
  applyLocale();
});

/**
 * Loads `areas` in the language shown, then `load()`'s result: a page's chunk and its words arrive
 * together, so the page renders with its words (`page()` in routes/page.ts, the search palette in Shell).
 */
export async function withAreas<T>(areas: readonly Area[], load: () => Promise<T>): Promise<T> {
  for (const area of areas) wanted.add(area);
  const [module] = await Promise.all([load(), ...areas.map((area) => loadArea(locale(), area))]);
  // The language may have changed while the page was on its way: its words must be there too.
  await Promise.all(areas.map((area) => loadArea(locale(), area)));
  return module;
}

/** Switches the language for this browser (kept in localStorage), once its shell and every area in use have arrived. */
export async function setLocale(next: Locale): Promise<void> {
  await loadShell(next);
  // A page that starts loading meanwhile adds to `wanted` (which only grows): loop until all are in.
  for (let done = -1; done !== wanted.size; ) {
    done = wanted.size;
    await Promise.all([...wanted].map((area) => loadArea(next, area)));
  }
  setLocaleSignal(next);
  applyLocale();
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private windows may refuse storage; the choice still holds for this page.
  }
}

/** A counted phrase: `counted("{{ n }} ticket", "{{ n }} tickets")` (plural.ts), called with its number. */
type CountedWord = (n: number) => string;
/** The dotted keys of a dictionary's words of type `W` (strings, or counted phrases), not of its groups. */
type KeysOf<T, W, P extends string = ""> = {
  [K in keyof T & (string | number)]: T[K] extends string | CountedWord
    ? T[K] extends W
      ? `${P}${K}`
      : never
    : KeysOf<T[K], W, `${P}${K}.`>;
}[keyof T & (string | number)];
type CountedKey = KeysOf<Dictionary, CountedWord>;
/** The key of a word. */
export type Key = KeysOf<Dictionary, string> | CountedKey;
/** A counted phrase takes its number; a string takes the template's values, if any. */
type Args<K extends Key> = K extends CountedKey ? [n: number] : [args?: i18n.BaseTemplateArgs];

/**
 * `t("tickets.list.title")`, `t("kit.table.shown", { count: "3" })`, `t("tickets.selected", 3)`.
 * Typed here rather than as the library's `Translator`, whose return type depends on the key: in a JSX
 * child the compiler then inferred the key back from the expected element type over all ~4,000 keys,
 * which made type checking the portal take minutes. The keys are walked once, without the library's
 * `Flatten` (an intersection of ~4,000 members). A word is always a string.
 */
export const t: <K extends Key>(key: K, ...args: Args<K>) => string = i18n.translator(
  () => (dictionaries()[locale()] ?? dictionaries().en) as i18n.BaseRecordDict,
  i18n.resolveTemplate,
) as never;
