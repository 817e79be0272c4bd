import { A, useNavigate } from "@solidjs/router";
import { createSignal, For } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { PageHeader } from "../../../components/kit/PageHeader";
import { useTitle } from "../../../format";
import { t } from "../../../i18n";
import { createLoad } from "../../../lib/load";
import { ticketApi } from "./shared";

/** Opening a ticket: what is wrong, in the customer's words; the ticket is for their own service. */
export function CustomerTicketNewPage() {
  useTitle(t("customer.new.title"));
  const navigate = useNavigate();
  const types = createLoad(() => ticketApi.types());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const type = String(form.get("type") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      const ticket = await ticketApi.open({
        title: String(form.get("title") ?? ""),
        description: String(form.get("description") ?? ""),
        ...(type ? { ticketTypeId: type } : {}),
      });
      navigate(`/customer/tickets/${ticket.number}`);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div class="page">
      <PageHeader title={t("customer.new.title")} sub={t("customer.new.sub")} />
      <div class="panel ct-form-panel">
        <form class="form ct-form" onSubmit={submit}>
          <ErrorAlert message={error()} />
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
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
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
