import { type Accessor, createSignal, For, onCleanup, Show } from "solid-js";
import { ApiError, errorMessage } from "../../api";
import { ACCEPTED_TYPES, UploadBar, UploadCancelled, uploadFile } from "../../components/AttachmentUpload";
import { fileSize } from "../../format";
import { t } from "../../i18n";
import { inboxUpload } from "./upload";

type Phase = "uploading" | "checking" | "ready" | "failed";

export interface ComposerFile {
  key: number;
  name: string;
  size: number;
  progress: Accessor<number>;
  phase: Accessor<Phase>;
  error: Accessor<string | undefined>;
  uploadId: Accessor<string | undefined>;
  cancel: () => void;
}

/** What to fix, in the agent's words: too big (the slot's 413), or a type the allowlist or the byte check refused. */
function refusal(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 413) {
    const max = Number(/(\d+)\s*bytes/.exec(failure.message)?.[1]);
    return Number.isFinite(max) && max > 0
      ? t("inbox.files.tooBig", { max: fileSize(max) })
      : t("inbox.files.tooBigPlain", { detail: failure.message });
  }
  if (failure instanceof ApiError && failure.fields.some((f) => f.path === "contentType"))
    return t("inbox.files.typeNotAllowed");
  if (failure instanceof ApiError && failure.status === 415)
    return t("inbox.files.typeRefused", { detail: failure.message });
  return errorMessage(failure);
}

let nextKey = 0;

/**
 * The reply composer's files: each one uploads at once through the inbox's upload slots (progress,
 * cancel, the check's verdict); Send takes the ids of the ready ones. `limit()` is how many one message
 * carries on the channel (email several, the chat channels one): files past it are refused on the spot.
 */
export function createComposerFiles(limit: Accessor<number>) {
  const [files, setFiles] = createSignal<ComposerFile[]>([]);
  const live = () => files().filter((f) => f.phase() !== "failed");

  const start = (file: File, refused?: string): ComposerFile => {
    const [progress, setProgress] = createSignal(0);
    const [phase, setPhase] = createSignal<Phase>(refused ? "failed" : "uploading");
    const [error, setError] = createSignal<string | undefined>(refused);
    const [uploadId, setUploadId] = createSignal<string>();
    const abort = new AbortController();
    const item: ComposerFile = {
      key: nextKey++,
      name: file.name,
      size: file.size,
      progress,
      phase,
      error,
      uploadId,
      cancel: () => abort.abort(),
    };
    if (!refused)
      void uploadFile(
        file,
        inboxUpload,
        (fraction) => {
          setProgress(fraction);
          if (fraction >= 1) setPhase("checking");
        },
        abort.signal,
      ).then(
        (state) => {
          setUploadId(state.id);
          setPhase("ready");
        },
        (failure) => {
          if (failure instanceof UploadCancelled) return;
          setError(refusal(failure));
          setPhase("failed");
        },
      );
    return item;
  };

  const add = (chosen: File[]) => {
    let room = limit() - live().length;
    const added = chosen.map((file) => start(file, room-- > 0 ? undefined : t("inbox.files.oneOnly")));
    setFiles([...files(), ...added]);
  };
  const remove = (key: number) => {
    files()
      .find((f) => f.key === key)
      ?.cancel();
    setFiles(files().filter((f) => f.key !== key));
  };
  const clear = () => {
    for (const f of files()) f.cancel();
    setFiles([]);
  };
  onCleanup(clear);

  return {
    files,
    add,
    remove,
    clear,
    /** The accepted uploads, in the order the agent picked them. */
    readyIds: () => files().flatMap((f) => (f.phase() === "ready" ? [f.uploadId() as string] : [])),
    /** Some file is still on its way: Send waits. */
    busy: () => files().some((f) => f.phase() === "uploading" || f.phase() === "checking"),
  };
}

export type ComposerFilesState = ReturnType<typeof createComposerFiles>;

/** The Attach button and the list of the composer's files, each with its size, progress, verdict and ×. */
export function ComposerFiles(props: { state: ComposerFilesState; multiple: boolean }) {
  let input: HTMLInputElement | undefined;
  const words: Record<Phase, string> = {
    uploading: t("widgets.upload.uploading"),
    checking: t("widgets.upload.checking"),
    ready: t("inbox.files.ready"),
    failed: t("widgets.upload.failed"),
  };
  return (
    <div class="inbox-files">
      <label class="btn btn-secondary btn-small au-pick">
        <input
          ref={input}
          type="file"
          class="sr-only"
          multiple={props.multiple}
          accept={ACCEPTED_TYPES}
          aria-describedby="inbox-files-hint"
          onChange={(e) => {
            props.state.add([...(e.currentTarget.files ?? [])]);
            if (input) input.value = "";
          }}
        />
        {t("inbox.files.attach")}
      </label>
      <span id="inbox-files-hint" class="muted inbox-files-hint">
        {props.multiple ? t("inbox.files.hintMany") : t("inbox.files.hintOne")}
      </span>
      <Show when={props.state.files().length > 0}>
        <ul class="au-list" aria-label={t("inbox.files.list")}>
          <For each={props.state.files()}>
            {(f) => (
              <li class="au-item" classList={{ "au-failed": f.phase() === "failed" }}>
                <div class="au-row">
                  <span class="au-name truncate" title={f.name}>
                    {f.name}
                  </span>
                  <span class="au-size muted">{fileSize(f.size)}</span>
                  <span class="au-phase" role="status">
                    {words[f.phase()]}
                  </span>
                  <button
                    type="button"
                    class="btn-link au-dismiss"
                    aria-label={
                      f.phase() === "uploading" || f.phase() === "checking"
                        ? t("inbox.files.cancel", { name: f.name })
                        : t("inbox.files.remove", { name: f.name })
                    }
                    onClick={() => props.state.remove(f.key)}
                  >
                    ×
                  </button>
                </div>
                <Show when={f.phase() === "uploading" || f.phase() === "checking"}>
                  <UploadBar name={f.name} progress={f.progress()} />
                </Show>
                <Show when={f.error()}>
                  {(message) => (
                    <p class="au-error" role="alert">
                      {f.name}: {message()}
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
