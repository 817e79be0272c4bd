import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { fileSize } from "../../format";
import { t } from "../../i18n";
import { AttachmentUpload } from "../AttachmentUpload";
import { AlertIcon, DownloadIcon } from "../icons";
import { RelativeTime } from "../ui";
import { type Attachment, type Ticket, ticketApi } from "./api";
import { staffName } from "./staff";

/** The ticket's files: download by a short-lived link, upload (H3's component) with progress and checks. */
export function AttachmentsPanel(props: {
  ticket: Ticket;
  items: Attachment[] | undefined;
  error: string | undefined;
  readOnly: boolean;
  now: number;
  onChanged: () => void;
}) {
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [internal, setInternal] = createSignal(false);

  const download = async (a: Attachment) => {
    setError(undefined);
    try {
      const { url } = await ticketApi.download(props.ticket.id, a.id);
      // A link with `download` saves the file and keeps this page (images would otherwise replace it).
      const link = document.createElement("a");
      link.href = url;
      link.download = a.filename;
      link.target = "_blank";
      link.rel = "noopener";
      document.body.append(link);
      link.click();
      link.remove();
    } catch (failure) {
      setError(t("widgets.files.downloadFailed", { name: a.filename, error: errorMessage(failure) }));
    }
  };

  return (
    <section class="tk-side-section" aria-labelledby="files-title">
      <h2 id="files-title" class="tk-side-title">
        {t("widgets.files.title")}
      </h2>
      <Show when={props.error}>
        <p class="error-text">{props.error}</p>
      </Show>
      <Show when={props.items}>
        {(items) => (
          <Show when={items().length > 0} fallback={<p class="muted">{t("widgets.files.none")}</p>}>
            <ul class="tk-files">
              <For each={items()}>
                {(a) => (
                  <li>
                    <button
                      type="button"
                      class="btn-link tk-file-name"
                      onClick={() => download(a)}
                      aria-label={t("widgets.files.download", { name: a.filename })}
                    >
                      <DownloadIcon />
                      {a.filename}
                    </button>
                    <span class="sub">
                      {fileSize(a.size)} · {a.createdById ? staffName(a.createdById) : t("widgets.files.customer")} ·{" "}
                      <RelativeTime at={a.createdAt} now={props.now} />
                      {a.isInternal ? t("widgets.files.internal") : ""}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <Show when={!props.readOnly}>
        <div class="tk-upload">
          <label class="check tk-upload-internal" for="tk-file-internal">
            <input
              id="tk-file-internal"
              class="check-box"
              type="checkbox"
              checked={internal()}
              onChange={(e) => setInternal(e.currentTarget.checked)}
            />
            <span>{t("widgets.files.staffOnly")}</span>
          </label>
          <AttachmentUpload<Attachment>
            label={t("widgets.files.upload")}
            slot={(file) => ticketApi.slot(props.ticket.id, file, internal())}
            attach={(uploadId) => ticketApi.attach(props.ticket.id, uploadId, { isInternal: internal() })}
            onAttached={(a) => {
              setNotice(t("widgets.files.attached", { name: a.filename }));
              props.onChanged();
            }}
          />
        </div>
      </Show>
      <p class="sr-only" role="status" aria-live="polite">
        {notice()}
      </p>
      <Show when={error()}>
        <div class="alert alert-error alert-row" role="alert">
          <AlertIcon />
          <span>{error()}</span>
        </div>
      </Show>
    </section>
  );
}
