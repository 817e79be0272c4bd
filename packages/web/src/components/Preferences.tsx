import { createSignal, For, onCleanup } from "solid-js";
import { type Locale, locale, locales, setLocale, t } from "../i18n";
import { setThemeChoice, type ThemeChoice, themeChoice, themeChoices } from "../lib/theme";

const SunMoonIcon = () => (
  <svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  </svg>
);

/**
 * Language and theme, for the top bar and the sign-in pages: a button that shows two labelled
 * selects. Both choices are kept by this browser.
 */
export function Preferences(props: { class?: string }) {
  const [open, setOpen] = createSignal(false);
  let root: HTMLDivElement | undefined;
  // Closes on Escape and on a click elsewhere, like any menu.
  const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
  const onClick = (event: MouseEvent) => root && !root.contains(event.target as Node) && setOpen(false);
  document.addEventListener("keydown", onKey);
  document.addEventListener("click", onClick);
  onCleanup(() => {
    document.removeEventListener("keydown", onKey);
    document.removeEventListener("click", onClick);
  });
  return (
    <div class={`prefs ${props.class ?? ""}`} ref={root}>
      <button
        type="button"
        class="btn btn-topbar prefs-button"
        aria-label={t("prefs.button")}
        aria-expanded={open()}
        aria-controls="prefs-panel"
        onClick={() => setOpen((v) => !v)}
      >
        <SunMoonIcon />
        <span class="hide-narrow" aria-hidden="true">
          {t("prefs.button")}
        </span>
      </button>
      <div id="prefs-panel" class="prefs-panel" hidden={!open()}>
        <div class="field">
          <label for="pref-language">{t("prefs.language")}</label>
          <select id="pref-language" value={locale()} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
            <For each={Object.entries(locales)}>
              {([code, name]) => (
                <option value={code} lang={code}>
                  {name}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="pref-theme">{t("prefs.theme")}</label>
          <select
            id="pref-theme"
            value={themeChoice()}
            onChange={(e) => setThemeChoice(e.currentTarget.value as ThemeChoice)}
          >
            <For each={themeChoices}>{(choice) => <option value={choice}>{t(`prefs.${choice}`)}</option>}</For>
          </select>
        </div>
      </div>
    </div>
  );
}
