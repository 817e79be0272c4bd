import { Cron } from "croner";

/**
 * Turns an EventBridge Scheduler expression into a local timer, so the local cron runs exactly the
 * schedules the infra creates: `rate(5 minutes)` or `cron(min hour dom month dow year)`.
 */
export function schedule(expression: string, run: () => void): { stop(): void } {
  const rate = expression.match(/^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/);
  if (rate) {
    const unit = rate[2]?.startsWith("minute") ? 60_000 : rate[2]?.startsWith("hour") ? 3_600_000 : 86_400_000;
    const timer = setInterval(run, Number(rate[1]) * unit);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
  const cron = expression.match(/^cron\((.+)\)$/);
  if (cron?.[1]) {
    // EventBridge uses `?` for "any", `N/step` for "from N every step", and 1-7 = SUN-SAT for day-of-week.
    const maxima = [59, 23, 31, 12, 7];
    const fields = cron[1].trim().split(/\s+/).slice(0, 5);
    const pattern = fields
      .map((f, i) =>
        f === "?" ? "*" : f.replace(/^(\d+)\/(\d+)$/, (_, start, step) => `${start}-${maxima[i]}/${step}`),
      )
      .join(" ");
    const job = new Cron(pattern, { timezone: "UTC", legacyMode: false, alternativeWeekdays: true }, run);
    return { stop: () => job.stop() };
  }
  throw new Error(`Unsupported schedule expression: ${expression}`);
}
