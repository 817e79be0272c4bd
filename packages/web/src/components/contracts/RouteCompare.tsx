import { lazy, Show, Suspense } from "solid-js";
import { formatNumber } from "../../format";
import { t, withAreas } from "../../i18n";
import type { AsBuilt, Coordinates, MapTiles } from "./types";

const RouteMap = lazy(() =>
  withAreas(["contracts"], () => import("./RouteMap")).then((m) => ({ default: m.RouteMap })),
);

const metres = (m: number) => t("contracts.compareRoute.metres", { n: formatNumber(m) });

/** "+1,106 m longer" / "50 m shorter" / "the same length": the sign in words, not only in colour. */
export function differenceText(diff: number): string {
  if (diff === 0) return t("contracts.compareRoute.same");
  return diff > 0
    ? t("contracts.compareRoute.longer", { n: formatNumber(diff) })
    : t("contracts.compareRoute.shorter", { n: formatNumber(-diff) });
}

/**
 * The as-built route over the route the approved quote proposed, on one map, with both lengths and
 * their difference (geodesic metres, computed by the server from the GeoJSON lines).
 */
export function RouteCompare(props: { asBuilt: AsBuilt; tiles: () => Promise<MapTiles> }) {
  const a = () => props.asBuilt;
  const layers = () => [
    ...(a().proposed
      ? [
          {
            label: t("contracts.compareRoute.proposed"),
            coordinates: a().proposed?.route.coordinates as Coordinates,
            className: "vp-line-0",
          },
        ]
      : []),
    ...(a().route
      ? [
          {
            label: t("contracts.compareRoute.asBuilt"),
            coordinates: a().route?.coordinates as Coordinates,
            className: "vp-line-1",
          },
        ]
      : []),
  ];
  return (
    <Show when={a().route || a().proposed}>
      <div class="vp-route-compare">
        <dl class="kv vp-lengths">
          <div>
            <dt>
              <span class="vp-swatch vp-line-0" aria-hidden="true" />
              {t("contracts.compareRoute.proposed")}
            </dt>
            <dd>{a().proposed ? metres(a().proposed?.lengthMetres ?? 0) : t("contracts.compareRoute.noRoute")}</dd>
          </div>
          <div>
            <dt>
              <span class="vp-swatch vp-line-1" aria-hidden="true" />
              {t("contracts.compareRoute.asBuilt")}
            </dt>
            <dd>{a().lengthMetres === null ? t("contracts.compareRoute.noRoute") : metres(a().lengthMetres ?? 0)}</dd>
          </div>
          <Show when={a().lengthDifferenceMetres !== null}>
            <div>
              <dt>{t("contracts.compareRoute.difference")}</dt>
              <dd class="vp-difference">{differenceText(a().lengthDifferenceMetres ?? 0)}</dd>
            </div>
          </Show>
        </dl>
        <Suspense fallback={<div class="vp-map vp-map-loading" aria-hidden="true" />}>
          <RouteMap
            tiles={props.tiles}
            label={t("contracts.compareRoute.mapLabel", { n: String(a().version) })}
            layers={layers()}
          />
        </Suspense>
      </div>
    </Show>
  );
}
