import { describe, expect, it } from "vitest";
import {
  datePattern,
  formatDateInput,
  fromIsoDay,
  isoDay,
  parseDateInput,
  patternHint,
} from "../../packages/web/src/lib/date-input";

/*
 * The portal's date fields are typed the way the reader's locale writes dates (kit/DateInput): the
 * order and separators come from Intl, not from the browser's UI language as a native date input's do.
 */

const letters = { day: "dd", month: "mm", year: "yyyy", hour: "hh", minute: "mm" };
const at = new Date(2026, 10, 26, 21, 5);

describe("date fields in the reader's locale", () => {
  it("write and hint the date in the locale's order: day first in en-GB and fr, month first in en-US", () => {
    const cases = [
      ["en-GB", "date", "26/11/2026", "dd/mm/yyyy"],
      ["en-GB", "datetime", "26/11/2026, 21:05", "dd/mm/yyyy, hh:mm"],
      ["en-US", "date", "11/26/2026", "mm/dd/yyyy"],
      ["fr", "datetime", "26/11/2026 21:05", "dd/mm/yyyy hh:mm"],
      ["de", "date", "26.11.2026", "dd.mm.yyyy"],
    ] as const;
    for (const [tag, kind, written, hint] of cases) {
      const pattern = datePattern(tag, kind);
      expect(formatDateInput(at, pattern), `${tag} ${kind}`).toBe(written);
      expect(patternHint(pattern, letters), `${tag} ${kind}`).toBe(hint);
      expect(parseDateInput(written, pattern), `${tag} ${kind}`).toEqual(kind === "date" ? new Date(2026, 10, 26) : at);
    }
  });

  it("read what a person types, whatever separates the numbers, and refuse what is not a real date", () => {
    const gb = datePattern("en-GB", "datetime");
    expect(parseDateInput("26-11-2026 21.05", gb)).toEqual(at);
    expect(parseDateInput(" 1/2/2027 9:00 ", gb)).toEqual(new Date(2027, 1, 1, 9, 0));
    expect(parseDateInput("", gb)).toBeUndefined();
    for (const bad of ["31/02/2026, 10:00", "26/13/2026, 10:00", "26/11/26, 10:00", "26/11/2026", "26/11/2026 24:00"]) {
      expect(parseDateInput(bad, gb), bad).toBe("invalid");
    }
    // The same text means another day in en-US: month first.
    expect(parseDateInput("02/01/2027, 09:00 AM", datePattern("en-US", "datetime"))).toEqual(new Date(2027, 1, 1, 9));
  });

  it("take AM and PM where the locale counts hours to twelve, and want one of them", () => {
    const us = datePattern("en-US", "datetime");
    expect(us.hour12).toBe(true);
    expect(formatDateInput(at, us)).toMatch(/^11\/26\/2026, 09:05\sPM$/);
    expect(patternHint(us, letters)).toBe("mm/dd/yyyy, hh:mm AM/PM");
    expect(parseDateInput("11/26/2026 9:05 pm", us)).toEqual(at);
    expect(parseDateInput("11/26/2026 12:30 AM", us)).toEqual(new Date(2026, 10, 26, 0, 30));
    expect(parseDateInput("11/26/2026 12:30 PM", us)).toEqual(new Date(2026, 10, 26, 12, 30));
    expect(parseDateInput("11/26/2026 9:05", us)).toBe("invalid");
    expect(parseDateInput("11/26/2026 13:05 PM", us)).toBe("invalid");
  });

  it("carry date-only values as 2026-11-26, in the browser's time zone", () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
    expect(fromIsoDay("2026-01-05")).toEqual(new Date(2026, 0, 5));
    expect(fromIsoDay("2026-02-30")).toBeUndefined();
    expect(fromIsoDay("05/01/2026")).toBeUndefined();
  });
});
