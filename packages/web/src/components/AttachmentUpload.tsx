/**
 * Attach files with an upload progress bar, for the staff ticket page and the customer portal alike.
 *
 * Props:
 * - `slot(file)`: asks the API for an upload slot (`POST …/attachments/slots` with `{filename, contentType,
 *   size}` plus whatever the caller adds, e.g. `commentId` or `isInternal`) and returns `{uploadId, url, fields}`.
 * - `attach(uploadId)`: attaches the checked upload (`POST …/attachments`) and returns the attachment. A 409
 *   ("still being checked") is retried here a few times; a 415 shows the reason the file was quarantined.
 * - `onAttached(attachment)`: called once per file that made it.
 * - `label` (default "Attach files"), `disabled`.
 *
 * The browser POSTs the file straight to the slot's `url` (S3 presigned POST, or the local blob route) as
 * multipart/form-data, fields first and the file last, with XMLHttpRequest so `upload.onprogress` drives
 * the bar. Nothing here knows which API it talks to.
 */

import { createSignal, For, Show } from "solid-js";
import { ApiError, errorMessage } from "../api";
import { fileSize, formatPercent } from "../format";
import { t } from "../i18n";

export interface UploadSlot {
  uploadId: string;
  url: string;
  fields: Record<string, string>;
}

export interface AttachmentUploadProps<A> {
  slot: (file: { filename: string; contentType: string; size: number }) => Promise<UploadSlot>;
  attach: (uploadId: string) => Promise<A>;
  onAttached: (attachment: A) => void;
  label?: string;
  disabled?: boolean;
}

/** The types the server accepts (its allowlist, checked again from the bytes after upload). */
export const ACCEPTED_TYPES =
  "image/png,image/jpeg,image/gif,image/webp,application/pdf,audio/mpeg,audio/ogg,video/mp4";

type Phase = "uploading" | "checking" | "done" | "failed";
interface Item {
  key: number;
  name: string;
  size: number;
  progress: () => number;
  setProgress: (n: number) => void;
  phase: () => Phase;
  setPhase: (p: Phase) => void;
  error: () => string | undefined;
  setError: (e: string | undefined) => void;
}

/** Rejects an upload the person cancelled (`signal` aborted): callers drop the file quietly. */
export class UploadCancelled extends Error {}

/** POSTs the form to the slot, reporting progress; resolves with the response body (JSON locally, empty on S3). */
export function postToSlot(
  slot: UploadSlot,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadCancelled());
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", slot.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { detail?: string } | undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else
        reject(
          new ApiError(xhr.status, body?.detail ?? t("widgets.upload.failedStatus", { status: String(xhr.status) })),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, t("widgets.upload.network")));
    xhr.onabort = () => reject(new UploadCancelled());
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Attaches once the check has decided: the local route decides before answering, S3's scanner soon after. */
async function attachChecked<A>(
  attach: (uploadId: string) => Promise<A>,
  uploadId: string,
  signal?: AbortSignal,
): Promise<A> {
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new UploadCancelled();
    try {
      return await attach(uploadId);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 409) || attempt >= 8) throw error;
      await pause(500 * (attempt + 1));
    }
  }
}

/**
 * One file through the whole flow: an upload slot, the POST to it, then the attach once the content
 * check passed. For forms that upload after they create the record (the customer's new ticket). An aborted
 * `signal` stops the transfer (or the wait for the check) and rejects with `UploadCancelled`.
 */
export async function uploadFile<A>(
  file: File,
  calls: Pick<AttachmentUploadProps<A>, "slot" | "attach">,
  onProgress: (fraction: number) => void = () => {},
  signal?: AbortSignal,
): Promise<A> {
  const slot = await calls.slot({
    filename: file.name,
    contentType: file.type || "application/octet-stream",
    size: file.size,
  });
  await postToSlot(slot, file, onProgress, signal);
  onProgress(1);
  return attachChecked(calls.attach, slot.uploadId, signal);
}

let nextKey = 0;

export function AttachmentUpload<A>(props: AttachmentUploadProps<A>) {
  const [items, setItems] = createSignal<Item[]>([]);
  let input: HTMLInputElement | undefined;

  const newItem = (file: File): Item => {
    const [progress, setProgress] = createSignal(0);
    const [phase, setPhase] = createSignal<Phase>("uploading");
    const [error, setError] = createSignal<string | undefined>();
    return {
      key: nextKey++,
      name: file.name,
      size: file.size,
      progress,
      setProgress,
      phase,
      setPhase,
      error,
      setError,
    };
  };

  async function upload(file: File, item: Item) {
    try {
      const attached = await uploadFile(file, props, (f) => {
        item.setProgress(f);
        if (f >= 1) item.setPhase("checking");
      });
      props.onAttached(attached);
      item.setPhase("done");
    } catch (error) {
      item.setError(errorMessage(error));
      item.setPhase("failed");
    }
  }

  const choose = (files: FileList | null) => {
    if (!files) return;
    const chosen = [...files].map((file) => ({ file, item: newItem(file) }));
    setItems([...items(), ...chosen.map((c) => c.item)]);
    for (const { file, item } of chosen) void upload(file, item);
    if (input) input.value = "";
  };

  const dismiss = (key: number) => setItems(items().filter((i) => i.key !== key));

  const words: Record<Phase, string> = {
    uploading: t("widgets.upload.uploading"),
    checking: t("widgets.upload.checking"),
    done: t("widgets.upload.done"),
    failed: t("widgets.upload.failed"),
  };

  return (
    <div class="au">
      <label class="btn btn-secondary au-pick" classList={{ "au-disabled": props.disabled }}>
        <input
          ref={input}
          type="file"
          multiple
          class="sr-only"
          accept={ACCEPTED_TYPES}
          disabled={props.disabled}
          onChange={(e) => choose(e.currentTarget.files)}
        />
        {props.label ?? t("widgets.upload.label")}
      </label>
      <span class="au-hint muted">{t("widgets.upload.hint")}</span>
      <Show when={items().length > 0}>
        <ul class="au-list" aria-label={t("widgets.upload.list")}>
          <For each={items()}>
            {(item) => (
              <li class="au-item" classList={{ "au-failed": item.phase() === "failed" }}>
                <div class="au-row">
                  <span class="au-name truncate" title={item.name}>
                    {item.name}
                  </span>
                  <span class="au-size muted">{fileSize(item.size)}</span>
                  <span class="au-phase" role="status">
                    {words[item.phase()]}
                  </span>
                  <Show when={item.phase() === "done" || item.phase() === "failed"}>
                    <button
                      type="button"
                      class="btn-link au-dismiss"
                      aria-label={t("widgets.upload.dismiss", { name: item.name })}
                      onClick={() => dismiss(item.key)}
                    >
                      ×
                    </button>
                  </Show>
                </div>
                <Show when={item.phase() === "uploading" || item.phase() === "checking"}>
                  <UploadBar name={item.name} progress={item.progress()} />
                </Show>
                <Show when={item.error()}>
                  {(message) => (
                    <p class="au-error" role="alert">
                      {message()}
                    </p>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

/** One file's upload progress, named for screen readers ("Uploading <name>"); shared by every uploader. */
export function UploadBar(props: { name: string; progress: number }) {
  return (
    <progress
      class="au-bar"
      max="100"
      value={Math.round(props.progress * 100)}
      aria-label={t("widgets.upload.progress", { name: props.name })}
    >
      {formatPercent(props.progress)}
    </progress>
  );
}
