import { createSignal, For, lazy, Show, Suspense } from "solid-js";
import { t, withAreas } from "../../i18n";
import type { RouteLayer } from "./RouteMap";
import type { Coordinates, MapTiles } from "./types";

const RouteMap = lazy(() =>
  withAreas(["contracts"], () => import("./RouteMap")).then((m) => ({ default: m.RouteMap })),
);

const inRange = (lng: number, lat: number) =>
  Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;

/**
 * A route drawn on the map (the bid's proposed route, the as-built route): click the map to add points,
 * or type them in the list (the keyboard way); each point can be removed. Coordinates are WGS84
 * longitude/latitude, as the GeoJSON the server checks. `reference` lines are shown, not edited.
 */
export function RouteEditor(props: {
  id: string;
  value: Coordinates;
  onChange: (next: Coordinates) => void;
  tiles: () => Promise<MapTiles>;
  error?: string | undefined;
  /** The fieldset's legend and the drawn line's name (default: the proposed route). */
  legend?: string;
  /** Lines drawn beneath for comparison (the approved quote's route under the as-built). */
  reference?: RouteLayer[];
}) {
  const name = () => props.legend ?? t("contracts.route.title");
  const [lat, setLat] = createSignal("");
  const [lng, setLng] = createSignal("");
  const [typed, setTyped] = createSignal<string>();
  const add = (point: [number, number]) => props.onChange([...props.value, point]);
  const addTyped = () => {
    const x = Number(lng());
    const y = Number(lat());
    if (lat().trim() === "" || lng().trim() === "" || !inRange(x, y)) {
      setTyped(t("contracts.route.badPoint"));
      return;
    }
    setTyped(undefined);
    add([x, y]);
    setLat("");
    setLng("");
  };
  return (
    <fieldset class="vp-route" aria-describedby={props.error ? `${props.id}-error` : `${props.id}-hint`}>
      <legend>{name()}</legend>
      <p id={`${props.id}-hint`} class="field-hint">
        {t("contracts.route.hint")}
      </p>
      <Suspense fallback={<div class="vp-map vp-map-loading" aria-hidden="true" />}>
        <RouteMap
          tiles={props.tiles}
          label={t("contracts.route.mapLabel", { n: String(props.value.length) })}
          layers={[
            ...(props.reference ?? []),
            { label: name(), coordinates: props.value, className: props.reference?.length ? "vp-line-1" : "vp-line-0" },
          ]}
          onAdd={add}
        />
      </Suspense>
      <Show when={props.error}>
        <p id={`${props.id}-error`} class="field-error" role="alert">
          {props.error}
        </p>
      </Show>
      <ol class="vp-points" aria-label={t("contracts.route.pointsOf", { name: name() })}>
        <For each={props.value}>
          {(p, i) => (
            <li>
              <span class="mono">
                {t("contracts.route.pointAt", {
                  n: String(i() + 1),
                  lat: p[1].toFixed(6),
                  lng: p[0].toFixed(6),
                })}
              </span>
              <button
                type="button"
                class="btn btn-secondary btn-small"
                onClick={() => props.onChange(props.value.filter((_, j) => j !== i()))}
              >
                {t("contracts.route.remove", { n: String(i() + 1) })}
              </button>
            </li>
          )}
        </For>
      </ol>
      <div class="vp-add-point">
        <div class="field">
          <label for={`${props.id}-lat`}>{t("contracts.route.latitude")}</label>
          <input
            id={`${props.id}-lat`}
            inputmode="decimal"
            value={lat()}
            onInput={(e) => setLat(e.currentTarget.value)}
            aria-invalid={typed() ? "true" : undefined}
          />
        </div>
        <div class="field">
          <label for={`${props.id}-lng`}>{t("contracts.route.longitude")}</label>
          <input
            id={`${props.id}-lng`}
            inputmode="decimal"
            value={lng()}
            onInput={(e) => setLng(e.currentTarget.value)}
            aria-invalid={typed() ? "true" : undefined}
          />
        </div>
        <button type="button" class="btn btn-secondary" onClick={addTyped}>
          {t("contracts.route.add")}
        </button>
      </div>
      <Show when={typed()}>
        <p class="field-error" role="alert">
          {typed()}
        </p>
      </Show>
    </fieldset>
  );
}

export { RouteMap };
