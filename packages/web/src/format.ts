import { createSignal, onCleanup } from "solid-js";

const [now, setNow] = createSignal(Date.now());
let clockUsers = 0;
let clock: ReturnType<typeof setInterval> | undefined;

/** A shared one-second clock for "x ago" labels; it only ticks while something on screen uses it. */
export function useNow(): () => number {
  clockUsers++;
  if (!clock) {
    setNow(Date.now());
    clock = setInterval(() => setNow(Date.now()), 1000);
  }
  onCleanup(() => {
    clockUsers--;
    if (clockUsers === 0 && clock) {
      clearInterval(clock);
      clock = undefined;
    }
  });
  return now;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const shortDate = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

export function absoluteTime(iso: string | number): string {
  return dateTime.format(new Date(iso));
}

/** "just now", "12s ago", "4 min ago", "3 h ago", "2 d ago", then a date. */
export function relativeTime(iso: string | number, at: number): string {
  const then = new Date(iso).getTime();
  const seconds = Math.max(0, Math.round((at - then) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d ago`;
  return shortDate.format(then);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Sets the document title for the page that calls it. */
export function useTitle(title: string): void {
  document.title = `${title} · DotMac CRM`;
}
