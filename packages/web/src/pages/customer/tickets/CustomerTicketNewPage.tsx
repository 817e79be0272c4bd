import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { ACCEPTED_TYPES, uploadFile } from "../../../components/AttachmentUpload";
import { ErrorAlert } from "../../../components/kit/Alert";
import { PageHeader } from "../../../components/kit/PageHeader";
import { useTitle } from "../../../format";
import { t } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { ticketApi } from "./shared";

/**
 * Opening a ticket: what is wrong, in the customer's words, of a type the admin offers customers, with
 * files if they have them; the ticket is for their own service. Files go through the same upload slot
 * and content check as replies, once the ticket exists.
 */
export function CustomerTicketNewPage() {
  useTitle(t("customer.new.title"));
  const navigate = useNavigate();
  const types = createLoad(() => ticketApi.types());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal<string>();
  const [files, setFiles] = createSignal<File[]>([]);
  const [opened, setOpened] = createSignal<string>();
  let picker: HTMLInputElement | undefined;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const type = String(form.get("type") ?? "");
    setBusy(true);
    setError(undefined);
    let number: string | undefined;
    try {
      const ticket = await ticketApi.open({
        title: String(form.get("title") ?? ""),
        description: String(form.get("description") ?? ""),
        ...(type ? { ticketTypeId: type } : {}),
      });
      number = ticket.number;
      for (const file of files()) {
        setProgress(t("customer.new.uploading", { name: file.name }));
        try {
          await uploadFile(file, {
            slot: (f) => ticketApi.slot(ticket.id, f),
            attach: (uploadId) => ticketApi.attach(ticket.id, uploadId),
          });
        } catch (failure) {
          // The ticket exists: say which file is missing and offer the ticket, where it can be added again.
          setOpened(ticket.number);
          setError(
            t("customer.new.fileFailed", { number: ticket.number, name: file.name, error: errorMessage(failure) }),
          );
          setProgress(undefined);
          setBusy(false);
          return;
        }
      }
      navigate(`/customer/tickets/${number}`);
    } catch (failure) {
      setError(errorMessage(failure));
      setProgress(undefined);
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <PageHeader title={t("customer.new.title")} sub={t("customer.new.sub")} />
      <div class="panel ct-form-panel">
        <form class="form ct-form" onSubmit={submit}>
          <ErrorAlert message={error()} />
          <Show when={opened()}>
            {(number) => (
              <p>
                <A href={`/customer/tickets/${number()}`} class="btn btn-secondary">
                  {t("customer.new.openTicket")}
                </A>
              </p>
            )}
          </Show>
          <div class="field">
            <label for="ct-title">{t("customer.new.subject")}</label>
            <input
              id="ct-title"
              name="title"
              required
              maxLength={300}
              placeholder={t("customer.new.subjectPlaceholder")}
            />
          </div>
          <div class="field">
            <label for="ct-type">{t("customer.new.type")}</label>
            <select id="ct-type" name="type" disabled={types.loading()}>
              <option value="">{t("customer.new.notSure")}</option>
              <For each={types.data() ?? []}>{(type) => <option value={type.id}>{type.name}</option>}</For>
            </select>
          </div>
          <div class="field">
            <label for="ct-description">{t("customer.new.description")}</label>
            <textarea
              id="ct-description"
              name="description"
              required
              rows={6}
              maxLength={20000}
              placeholder={t("customer.new.descriptionPlaceholder")}
            />
          </div>
          <div class="field">
            <label for="ct-files">{t("customer.new.files")}</label>
            {/* A button, like the reply box's: the bare picker said "No file chosen" beside the files it had queued. */}
            <div class="au">
              <label class="btn btn-secondary au-pick" classList={{ "au-disabled": busy() }}>
                <input
                  id="ct-files"
                  ref={picker}
                  type="file"
                  multiple
                  class="sr-only"
                  accept={ACCEPTED_TYPES}
                  aria-describedby="ct-files-hint"
                  disabled={busy()}
                  onChange={(e) => {
                    setFiles([...files(), ...(e.currentTarget.files ?? [])]);
                    if (picker) picker.value = "";
                  }}
                />
                {t("customer.new.chooseFiles")}
              </label>
            </div>
            <span id="ct-files-hint" class="field-hint">
              {t("customer.new.filesHint")}
            </span>
            <Show when={files().length > 0}>
              <ul class="ct-files">
                <For each={files()}>
                  {(file) => (
                    <li>
                      <span class="truncate">{file.name}</span>{" "}
                      <button
                        type="button"
                        class="btn-link"
                        disabled={busy()}
                        aria-label={t("customer.new.removeFile", { name: file.name })}
                        onClick={() => setFiles(files().filter((f) => f !== file))}
                      >
                        ×
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
          <p class="muted" role="status">
            {progress()}
          </p>
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy() || !!opened()}>
              {busy() ? t("customer.new.busy") : t("customer.new.submit")}
            </button>
            <A href="/customer/tickets" class="btn btn-secondary">
              {t("kit.cancel")}
            </A>
          </div>
        </form>
      </div>
    </div>
  );
}
