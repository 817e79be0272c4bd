import "leaflet/dist/leaflet.css";
import * as L from "leaflet";
import { createEffect, createResource, createSignal, onCleanup, onMount, Show } from "solid-js";
import { t } from "../../i18n";
import type { Coordinates, MapTiles } from "./types";

export interface RouteLayer {
  label: string;
  coordinates: Coordinates;
  /** A CSS class for the line (colour per vendor in a comparison). */
  className: string;
}

/** Lagos, where the demo's fibre runs, when there is nothing to fit the view to. */
const FALLBACK: L.LatLngExpression = [6.4355, 3.4301];

/**
 * Routes on a Leaflet map (its own chunk): GeoJSON LineStrings as [longitude, latitude]. Editable, a click
 * adds a point at the end; the coordinates list beside it is the keyboard alternative and the source of
 * truth. Tiles come from the server's MAP_TILE_URL; without them the line is still drawn.
 */
export function RouteMap(props: {
  tiles: () => Promise<MapTiles>;
  layers: RouteLayer[];
  label: string;
  onAdd?: (point: [number, number]) => void;
}) {
  const [tiles] = createResource(() => props.tiles());
  const [tilesFailed, setTilesFailed] = createSignal(false);
  let container: HTMLElement | undefined;
  let map: L.Map | undefined;
  let drawn: L.LayerGroup | undefined;
  let fitted = false;

  onMount(() => {
    if (!container) return;
    map = L.map(container, { zoomControl: true, attributionControl: true }).setView(FALLBACK, 13);
    drawn = L.layerGroup().addTo(map);
    map.on("click", (e: L.LeafletMouseEvent) => {
      const lng = Math.round(e.latlng.wrap().lng * 1e6) / 1e6;
      const lat = Math.round(e.latlng.lat * 1e6) / 1e6;
      props.onAdd?.([lng, lat]);
    });
  });

  createEffect(() => {
    const layers = props.layers;
    if (!map || !drawn) return;
    drawn.clearLayers();
    const all: L.LatLngExpression[] = [];
    for (const layer of layers) {
      const points = layer.coordinates.map(([lng, lat]) => [lat, lng] as L.LatLngTuple);
      all.push(...points);
      if (points.length > 1) L.polyline(points, { className: layer.className, weight: 4 }).addTo(drawn);
      points.forEach((p, i) => {
        L.circleMarker(p, { radius: 5, className: `${layer.className} vp-point` })
          .bindTooltip(`${layer.label} · ${t("contracts.route.point", { n: String(i + 1) })}`)
          .addTo(drawn as L.LayerGroup);
      });
    }
    // Fit once to what was there at first; later clicks must not move the view under the pointer.
    if (!fitted && all.length > 0) {
      fitted = true;
      map.fitBounds(L.latLngBounds(all), { padding: [24, 24], maxZoom: 16 });
    }
  });

  createEffect(() => {
    const s = tiles();
    if (tiles.error) setTilesFailed(true);
    if (!s || !map) return;
    let loaded = 0;
    L.tileLayer(s.tileUrl, { attribution: s.attribution, maxZoom: 19 })
      .on("tileload", () => {
        loaded += 1;
        setTilesFailed(false);
      })
      .on("tileerror", () => {
        if (loaded === 0) setTilesFailed(true);
      })
      .addTo(map);
  });
  onCleanup(() => map?.remove());

  return (
    <div class="vp-map-wrap">
      <Show when={tilesFailed()}>
        <p class="alert alert-info" role="status">
          {t("contracts.route.tilesUnavailable")}
        </p>
      </Show>
      <section class="vp-map" ref={container} aria-label={props.label} />
    </div>
  );
}
