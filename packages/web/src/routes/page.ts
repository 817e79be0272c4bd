import { type Component, lazy } from "solid-js";
import { type Area, withAreas } from "../i18n";

/**
 * A lazily loaded page component from a module's named export, with the dictionary areas it reads
 * (beyond the shell's): the page renders once its chunk and its words are both in, in the language
 * shown. tests/web/i18n-areas.test.ts checks every area a page's code names is in its list.
 */
// biome-ignore lint/suspicious/noExplicitAny: a page's own props type flows through `lazy` unchanged.
export function page<M extends Record<K, Component<any>>, K extends keyof M & string>(
  areas: readonly Area[],
  load: () => Promise<M>,
  name: K,
) {
  return lazy(() => withAreas(areas, load).then((module) => ({ default: module[name] })));
}
