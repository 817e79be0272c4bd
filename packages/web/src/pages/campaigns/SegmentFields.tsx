import { For, Show } from "solid-js";
import type { Audience, SegmentFilter } from "../../components/marketing/api";
import { t } from "../../i18n";

const partyStatuses = ["lead", "contact", "customer", "subscriber"] as const;
const serviceStatuses = ["active", "suspended", "terminated", "pending"] as const;

/** The filter the segment fields of `data` describe (empty conditions left out). */
export function filterOf(data: FormData): SegmentFilter {
  const regions = String(data.get("regions") ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const search = String(data.get("search") ?? "").trim();
  const party = data.getAll("partyStatuses").map(String) as NonNullable<SegmentFilter["partyStatuses"]>;
  const service = data.getAll("subscriberStatuses").map(String) as NonNullable<SegmentFilter["subscriberStatuses"]>;
  return {
    ...(party.length ? { partyStatuses: party } : {}),
    ...(service.length ? { subscriberStatuses: service } : {}),
    ...(regions.length ? { regions } : {}),
    ...(search ? { search } : {}),
  };
}

/** A segment's name and filter fields, filled from `initial` when editing one. */
export function SegmentFields(props: { initial?: { name: string; filter: SegmentFilter }; nameInvalid?: boolean }) {
  const f = () => props.initial?.filter ?? {};
  return (
    <>
      <div class="field">
        <label for="segment-name">{t("campaigns.edit.segmentName")}</label>
        <input
          id="segment-name"
          name="segmentName"
          required
          maxLength={200}
          value={props.initial?.name ?? ""}
          aria-invalid={props.nameInvalid ? "true" : undefined}
        />
      </div>
      <fieldset class="field tk-fieldset">
        <legend>{t("campaigns.edit.partyStatuses")}</legend>
        <For each={partyStatuses}>
          {(s) => (
            <label class="check">
              <input
                class="check-box"
                type="checkbox"
                name="partyStatuses"
                value={s}
                checked={f().partyStatuses?.includes(s) ?? false}
              />
              {t(`campaigns.edit.party.${s}`)}
            </label>
          )}
        </For>
      </fieldset>
      <fieldset class="field tk-fieldset">
        <legend>{t("campaigns.edit.serviceStatuses")}</legend>
        <For each={serviceStatuses}>
          {(s) => (
            <label class="check">
              <input
                class="check-box"
                type="checkbox"
                name="subscriberStatuses"
                value={s}
                checked={f().subscriberStatuses?.includes(s) ?? false}
              />
              {t(`campaigns.edit.service.${s}`)}
            </label>
          )}
        </For>
      </fieldset>
      <div class="field">
        <label for="segment-regions">{t("campaigns.edit.regions")}</label>
        <input
          id="segment-regions"
          name="regions"
          value={(f().regions ?? []).join(", ")}
          aria-describedby="segment-regions-hint"
        />
        <span id="segment-regions-hint" class="field-hint">
          {t("campaigns.edit.regionsHint")}
        </span>
      </div>
      <div class="field">
        <label for="segment-search">{t("campaigns.edit.search")}</label>
        <input id="segment-search" name="search" maxLength={100} value={f().search ?? ""} />
      </div>
    </>
  );
}

/** The audience's count, who can be reached, and a sample, before anything is sent. */
export function AudiencePreview(props: { audience: Audience }) {
  return (
    <div class="campaign-audience" role="status">
      <p>
        <strong>{t("campaigns.edit.matched", props.audience.matched)}</strong> ·{" "}
        {t("campaigns.edit.reachable", props.audience.reachable)}
      </p>
      <Show when={props.audience.sample.length > 0}>
        <div class="table-scroll">
          <table class="table">
            <caption class="sr-only">{t("campaigns.edit.sample")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("campaigns.edit.person")}</th>
                <th scope="col">{t("campaigns.edit.address")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.audience.sample}>
                {(p) => (
                  <tr>
                    <th scope="row">{p.name}</th>
                    <td>{p.address}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </div>
  );
}
