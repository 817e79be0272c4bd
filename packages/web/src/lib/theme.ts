import { createEffect, createRoot, createSignal } from "solid-js";

/**
 * Light or dark: follows the system's `prefers-color-scheme` until the user picks one, which this
 * browser remembers (localStorage). The choice lands on `<html data-theme>`, where the design tokens
 * (styles/tokens.css) switch; nothing else in the app knows which theme is on.
 */
export const themeChoices = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof themeChoices)[number];

const STORAGE_KEY = "dotmac.theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (themeChoices as readonly string[]).includes(value ?? "") ? (value as ThemeChoice) : "system";
  } catch {
    return "system";
  }
}

const [choice, setChoiceSignal] = createSignal<ThemeChoice>(stored());
const [systemDark, setSystemDark] = createSignal(media.matches);
media.addEventListener("change", (event) => setSystemDark(event.matches));

export { choice as themeChoice };

/** The theme in force: the user's pick, or the system's. */
export const theme = (): "light" | "dark" => {
  const picked = choice();
  return picked === "system" ? (systemDark() ? "dark" : "light") : picked;
};

export function setThemeChoice(next: ThemeChoice): void {
  setChoiceSignal(next);
  try {
    if (next === "system") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Storage refused (private window): the choice holds for this page.
  }
}

createRoot(() =>
  createEffect(() => {
    document.documentElement.dataset.theme = theme();
  }),
);
