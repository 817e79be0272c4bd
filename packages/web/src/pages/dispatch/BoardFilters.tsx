import { t } from "../../i18n";
import { useUrlFilters } from "../../lib/url-filters";
import { shiftDate, today } from "./model";

/** The board's region, kept in the address bar (`/dispatch?region=Ikeja`), so a region's board is a link. */
export const useBoardRegion = () => {
  const filters = useUrlFilters(["region"] as const);
  return { region: () => filters.values().region, apply: (region: string) => filters.apply({ region }) };
};

/** Narrows the board to one region's technicians (the queue keeps every unscheduled job). */
export function RegionFilter(props: { value: string; onApply: (region: string) => void }) {
  return (
    <form
      class="dsp-region"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(String(new FormData(e.currentTarget).get("region") ?? ""));
      }}
    >
      <label for="dsp-region">{t("board.region")}</label>
      <input id="dsp-region" name="region" type="search" value={props.value} placeholder={t("board.allRegions")} />
      <button type="submit" class="btn btn-secondary btn-small">
        {t("board.applyRegion")}
      </button>
    </form>
  );
}

/** Previous / a date / today / next, by the board's span (a day or a week). */
export function DateNav(props: { date: string; days: 1 | 7; onDate: (date: string) => void }) {
  return (
    <div class="dsp-dates">
      <button
        type="button"
        class="btn btn-secondary btn-small"
        onClick={() => props.onDate(shiftDate(props.date, -props.days))}
      >
        {t("board.previous")}
      </button>
      <label class="sr-only" for="dsp-date">
        {t("board.date")}
      </label>
      <input
        id="dsp-date"
        type="date"
        value={props.date}
        onChange={(e) => e.currentTarget.value && props.onDate(e.currentTarget.value)}
      />
      <button type="button" class="btn btn-secondary btn-small" onClick={() => props.onDate(today())}>
        {t("board.today")}
      </button>
      <button
        type="button"
        class="btn btn-secondary btn-small"
        onClick={() => props.onDate(shiftDate(props.date, props.days))}
      >
        {t("board.next")}
      </button>
    </div>
  );
}
