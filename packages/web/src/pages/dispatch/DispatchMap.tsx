import "leaflet/dist/leaflet.css";
import * as L from "leaflet";
import { createEffect, createResource, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { relativeTime, useNow } from "../../format";
import { t } from "../../i18n";
import { type Board, boardApi } from "./model";

/**
 * Jobs and technicians' last positions on a Leaflet map (its own chunk). The tile URL comes from the
 * server (MAP_TILE_URL); when no tile loads, a note says so and the list below carries everything,
 * so the page works with tiles unreachable. Markers are vector circles: no marker images to fetch.
 */
export function DispatchMap(props: { board: Board }) {
  const now = useNow();
  const [settings] = createResource(() => boardApi.map());
  const [tilesFailed, setTilesFailed] = createSignal(false);
  let container: HTMLDivElement | undefined;
  let map: L.Map | undefined;

  const jobs = () =>
    [...props.board.technicians.flatMap((x) => x.jobs), ...props.board.unscheduled].filter(
      (j) => j.latitude !== null && j.longitude !== null,
    );
  const positions = () => props.board.technicians.filter((x) => x.lastPosition);

  onMount(() => {
    if (!container) return;
    map = L.map(container, { zoomControl: true, attributionControl: true });
    const points: L.LatLngExpression[] = [];
    for (const j of jobs()) {
      const at: L.LatLngExpression = [j.latitude ?? 0, j.longitude ?? 0];
      points.push(at);
      L.circleMarker(at, { radius: 8, className: "dsp-marker-job" })
        .bindTooltip(t("board.mapJob", { number: j.number }))
        .addTo(map);
    }
    for (const tech of positions()) {
      const p = tech.lastPosition;
      if (!p) continue;
      const at: L.LatLngExpression = [p.latitude, p.longitude];
      points.push(at);
      L.circleMarker(at, { radius: 7, className: "dsp-marker-tech" }).bindTooltip(tech.name).addTo(map);
    }
    if (points.length) map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 14 });
    else map.setView([0, 0], 2);
  });

  // The tile layer once the settings arrive; a tile that fails and none that loaded means the tiles are out of reach.
  const addTiles = (url: string, attribution: string) => {
    if (!map) return;
    let loaded = 0;
    L.tileLayer(url, { attribution, maxZoom: 19 })
      .on("tileload", () => {
        loaded += 1;
        setTilesFailed(false);
      })
      .on("tileerror", () => {
        if (loaded === 0) setTilesFailed(true);
      })
      .addTo(map);
  };
  let tiled = false;
  createEffect(() => {
    const s = settings();
    if (settings.error) setTilesFailed(true);
    if (s && map && !tiled) {
      tiled = true;
      addTiles(s.tileUrl, s.attribution);
    }
  });
  onCleanup(() => map?.remove());

  return (
    <section class="card dsp-map-card" aria-labelledby="dsp-map-title">
      <h2 id="dsp-map-title">{t("board.mapTitle")}</h2>
      <Show when={tilesFailed()}>
        <p class="alert alert-info" role="status">
          {t("board.mapUnavailable")}
        </p>
      </Show>
      <div class="dsp-map" ref={container} role="img" aria-label={t("board.mapTitle")} />
      <h3>{t("board.mapList")}</h3>
      <ul class="dsp-map-list">
        <For each={props.board.technicians}>
          {(tech) => (
            <li>
              <span class="dsp-dot dsp-dot-tech" aria-hidden="true" />
              <Show when={tech.lastPosition} fallback={`${tech.name}: ${t("board.noPosition")}`}>
                {(p) =>
                  `${t("board.mapTech", { name: tech.name, when: relativeTime(p().recordedAt, now()) })} (${p().latitude.toFixed(4)}, ${p().longitude.toFixed(4)})`
                }
              </Show>
            </li>
          )}
        </For>
        <For each={[...props.board.technicians.flatMap((x) => x.jobs), ...props.board.unscheduled]}>
          {(j) => (
            <li>
              <span class="dsp-dot dsp-dot-job" aria-hidden="true" />
              {t("board.job", { number: j.number, title: j.title })}:{" "}
              {j.latitude !== null && j.longitude !== null
                ? `${j.latitude.toFixed(4)}, ${j.longitude.toFixed(4)}`
                : t("board.noCoordinates")}
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
