import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** axe-core from npm (pinned in packages/web), evaluated in the page over the DevTools protocol, so the CSP stays strict. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe's WCAG 2.1 A/AA rules on the page as it is now and returns the serious and critical
 * findings (the standard is zero), each with the selectors of the elements at fault.
 */
export async function seriousAxeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const findings = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  });
  return findings.filter((f) => f.impact === "serious" || f.impact === "critical");
}

/**
 * Checks the page in the light and the dark theme (the system preference, which the portal follows
 * until the user picks one) and returns every serious finding, labelled with its theme.
 */
export async function axeInBothThemes(page: Page, settle: () => Promise<unknown> = async () => {}): Promise<string[]> {
  const out: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    // Reduced motion: no colour transition is half-way when axe measures contrast.
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await page.waitForFunction((theme) => document.documentElement.dataset.theme === theme, colorScheme);
    await page.waitForTimeout(400);
    await settle();
    let findings = await seriousAxeFindings(page);
    if (findings.length > 0) {
      // A loaded CI machine once caught a menu mid-paint (contrast of its labels in dark); a real
      // violation is still there a second later, a half-painted frame is not.
      await page.waitForTimeout(1000);
      findings = await seriousAxeFindings(page);
    }
    for (const f of findings) out.push(`${colorScheme}: ${f.id} (${f.help}) at ${f.nodes.join(", ")}`);
  }
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
  return out;
}
