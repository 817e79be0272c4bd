import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { absoluteTime } from "../format";
import { t } from "../i18n";
import type { Job } from "./data";
import { compressPhoto, thumbnail } from "./image";
import { record } from "./outbox";
import { blobOf, type Entry } from "./store";

/** The job's notes from the server, then the ones still on the phone, and a box to write one. */
export function NotesPanel(props: { job: Job; pending: Entry[] }) {
  const [body, setBody] = createSignal("");
  const waiting = () =>
    props.pending.flatMap((entry) =>
      entry.change.kind === "note" ? [{ ref: entry.ref, body: entry.change.body }] : [],
    );

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const text = body().trim();
    if (!text) return;
    await record(props.job.id, { kind: "note", body: text });
    setBody("");
  };

  return (
    <section class="tech-card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t("tech.notes.title")}</h2>
      <Show
        when={props.job.notes.length + waiting().length > 0}
        fallback={<p class="tech-muted">{t("tech.notes.empty")}</p>}
      >
        <ul class="tech-list">
          <For each={props.job.notes}>
            {(note) => (
              <li>
                <p>{note.body}</p>
                <p class="tech-muted">{absoluteTime(note.createdAt)}</p>
              </li>
            )}
          </For>
          <For each={waiting()}>
            {(note) => (
              <li class="tech-waiting">
                <p>{note.body}</p>
                <p class="tech-muted">{t("tech.notes.waiting")}</p>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="tech-form" onSubmit={add}>
        <label for="note-body">{t("tech.notes.label")}</label>
        <textarea id="note-body" rows={3} value={body()} onInput={(e) => setBody(e.currentTarget.value)} />
        <button type="submit" class="btn btn-secondary tech-btn" disabled={!body().trim()}>
          {t("tech.notes.add")}
        </button>
      </form>
    </section>
  );
}

/** An object URL for a kept thumbnail, revoked with the component. */
function Thumb(props: { id: string; alt: string }) {
  const [url] = createResource(
    () => props.id,
    async (id) => {
      const blob = await blobOf(id);
      return blob ? URL.createObjectURL(blob) : undefined;
    },
  );
  onCleanup(() => {
    const current = url();
    if (current) URL.revokeObjectURL(current);
  });
  return (
    <Show when={url()} fallback={<span class="tech-thumb tech-thumb-empty" role="img" aria-label={props.alt} />}>
      {(src) => <img class="tech-thumb" src={src()} alt={props.alt} width="96" height="96" />}
    </Show>
  );
}

/**
 * Photos from the phone's camera (`capture`), shrunk in the browser before they are queued; each
 * shows as a thumbnail kept on the phone (`thumb:<ref>`), sent or not.
 */
export function PhotosPanel(props: { job: Job; pending: Entry[] }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const sent = () => props.job.attachments.filter((file) => file.kind === "photo");
  const waiting = () =>
    props.pending.filter((entry) => entry.change.kind === "file" && entry.change.fileKind === "photo");

  const take = async (files: FileList | null, input: HTMLInputElement) => {
    const file = files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const photo = await compressPhoto(file);
      const ref = crypto.randomUUID();
      const capturedAt = new Date(file.lastModified || Date.now()).toISOString();
      await record(
        props.job.id,
        {
          kind: "file",
          fileKind: "photo",
          blobId: `photo:${ref}`,
          filename: `photo-${capturedAt.slice(0, 19).replace(/[:T]/g, "-")}.jpg`,
          contentType: "image/jpeg",
          size: photo.size,
          capturedAt,
        },
        [
          { id: `photo:${ref}`, blob: photo },
          { id: `thumb:${ref}`, blob: await thumbnail(photo) },
        ],
        ref,
      );
    } catch (failure) {
      setError(t("tech.photos.failed", { error: failure instanceof Error ? failure.message : String(failure) }));
    } finally {
      setBusy(false);
      input.value = "";
    }
  };

  return (
    <section class="tech-card" aria-labelledby="photos-title">
      <h2 id="photos-title">{t("tech.photos.title")}</h2>
      <Show when={sent().length + waiting().length > 0} fallback={<p class="tech-muted">{t("tech.photos.empty")}</p>}>
        <ul class="tech-thumbs">
          <For each={sent()}>
            {(file, index) => (
              <li>
                <Thumb
                  id={`thumb:${file.clientRef ?? file.id}`}
                  alt={t("tech.photos.alt", { n: String(index() + 1) })}
                />
              </li>
            )}
          </For>
          <For each={waiting()}>
            {(entry, index) => (
              <li class="tech-waiting">
                <Thumb
                  id={`thumb:${entry.ref}`}
                  alt={t("tech.photos.alt", { n: String(sent().length + index() + 1) })}
                />
                <span class="tech-muted">{t("tech.photos.waiting")}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={error()}>
        <p class="alert alert-error" role="alert">
          {error()}
        </p>
      </Show>
      <label class="btn btn-secondary tech-btn" classList={{ "tech-disabled": busy() }}>
        <input
          type="file"
          accept="image/*"
          capture="environment"
          class="sr-only"
          disabled={busy()}
          data-testid="photo-input"
          onChange={(e) => void take(e.currentTarget.files, e.currentTarget)}
        />
        {busy() ? t("tech.photos.compressing") : t("tech.photos.take")}
      </label>
    </section>
  );
}
