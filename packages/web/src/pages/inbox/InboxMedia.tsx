import { For, Match, Show, Switch } from "solid-js";
import { fileSize } from "../../format";
import { t } from "../../i18n";
import type { Label, Message } from "./types";

type Attachment = Message["attachments"][number];

/** The stable address of a message's file: the API checks access and redirects to a one-minute signed link. */
export const fileUrl = (id: string) => `/api/v1/inbox/attachments/${id}/file`;

/** A label as a chip in its palette colour (classes, not `style=`: the CSP forbids inline styles). */
export function LabelChip(props: { name: string; labels: Label[] }) {
  const tone = () => props.labels.find((l) => l.name === props.name)?.tone ?? "slate";
  return <span class={`inbox-label label-c-${tone()}`}>{props.name}</span>;
}

function Media(props: { a: Attachment; kind: string }) {
  const name = () => props.a.filename ?? t("inbox.attachment");
  const type = () => props.a.contentType ?? "";
  return (
    <Switch
      fallback={
        <a class="inbox-file" href={fileUrl(props.a.id)} download={props.a.filename ?? ""}>
          <span aria-hidden="true">📄 </span>
          {name()}
          <Show when={props.a.size !== null}>
            <span class="muted"> ({fileSize(props.a.size ?? 0)})</span>
          </Show>
          <span class="sr-only"> {t("inbox.download")}</span>
        </a>
      }
    >
      <Match when={props.a.state === "pending"}>
        <p class="inbox-attachment">{t("inbox.attachmentPending", { name: name() })}</p>
      </Match>
      <Match when={props.a.state === "rejected"}>
        <p class="inbox-attachment">{t("inbox.attachmentRejected", { name: name() })}</p>
      </Match>
      <Match when={type().startsWith("image/")}>
        <a
          class="inbox-thumb"
          classList={{ sticker: props.kind === "sticker" }}
          href={fileUrl(props.a.id)}
          target="_blank"
          rel="noopener"
          title={t("inbox.openFull")}
        >
          <img
            src={fileUrl(props.a.id)}
            alt={props.kind === "sticker" ? t("inbox.sticker") : t("inbox.imageNamed", { name: name() })}
          />
        </a>
      </Match>
      <Match when={type().startsWith("audio/")}>
        {/* biome-ignore lint/a11y/useMediaCaption: customers' voice notes come without captions. */}
        <audio class="inbox-audio" controls preload="metadata" src={fileUrl(props.a.id)} aria-label={name()} />
      </Match>
      <Match when={type().startsWith("video/")}>
        {/* biome-ignore lint/a11y/useMediaCaption: customers' videos come without captions. */}
        <video class="inbox-video" controls preload="metadata" src={fileUrl(props.a.id)} aria-label={name()} />
      </Match>
    </Switch>
  );
}

/** A location message: its coordinates and a link to a map (nothing loads from the map site until clicked). */
function Location(props: { payload: Record<string, unknown> }) {
  const place = () => {
    const l = props.payload.location as { latitude?: unknown; longitude?: unknown; name?: unknown } | undefined;
    const lat = Number(l?.latitude);
    const lon = Number(l?.longitude);
    return Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined;
  };
  return (
    <Show when={place()}>
      {(p) => (
        <p class="inbox-location">
          <span aria-hidden="true">📍 </span>
          {p().lat.toFixed(5)}, {p().lon.toFixed(5)}{" "}
          <a
            href={`https://www.openstreetmap.org/?mlat=${p().lat}&mlon=${p().lon}#map=17/${p().lat}/${p().lon}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            {t("inbox.openMap")}
          </a>
        </p>
      )}
    </Show>
  );
}

/** What a message carries besides its text: files as previews, players or download links, and a location. */
export function MessageMedia(props: { message: Message }) {
  return (
    <>
      <Show when={props.message.kind === "location"}>
        <Location payload={props.message.payload} />
      </Show>
      <For each={props.message.attachments}>{(a) => <Media a={a} kind={props.message.kind} />}</For>
    </>
  );
}
