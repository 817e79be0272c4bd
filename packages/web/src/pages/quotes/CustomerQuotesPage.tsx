import { createSignal, For, Show } from "solid-js";
import { BookIcon } from "../../components/icons";
import { Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { EmptyState, ErrorState, Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type CustomerQuote, customerQuotesApi } from "./api";
import { AcceptDialog, CustomerQuoteCard, DeclineDialog } from "./parts";

/** The customer portal's quotes: read, download, accept with a signature or decline with a reason. */
export function CustomerQuotesPage() {
  useTitle(t("quotes.customer.title"));
  const list = createLoad(() => customerQuotesApi.list(), { keepOnError: true });
  const [current, setCurrent] = createSignal<CustomerQuote>();
  const [done, setDone] = createSignal<string>();
  let acceptDialog: HTMLDialogElement | undefined;
  let declineDialog: HTMLDialogElement | undefined;
  const answered = async (q: CustomerQuote, message: string) => {
    setDone(message);
    await list.refresh();
    document.getElementById(`quote-${q.id}`)?.focus();
  };
  return (
    <div class="page">
      <PageHeader title={t("quotes.customer.title")} sub={t("quotes.customer.sub")} />
      <Notice message={done()} />
      <Show
        when={list.data()}
        fallback={
          <Show when={list.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("quotes.customer.title")}
              detail={list.error() ?? ""}
              onRetry={() => void list.refresh()}
            />
          </Show>
        }
      >
        {(data) => (
          <Show
            when={data().items.length > 0}
            fallback={
              <EmptyState icon={<BookIcon />} title={t("quotes.customer.empty")}>
                <p>{t("quotes.customer.emptyHint")}</p>
              </EmptyState>
            }
          >
            <div class="quote-cards">
              <For each={data().items}>
                {(q) => (
                  <CustomerQuoteCard
                    quote={q}
                    pdf={() => undefined}
                    pdfHref={customerQuotesApi.pdfUrl(q.id)}
                    onAccept={() => {
                      setCurrent(q);
                      acceptDialog?.showModal();
                    }}
                    onDecline={() => {
                      setCurrent(q);
                      declineDialog?.showModal();
                    }}
                  />
                )}
              </For>
            </div>
          </Show>
        )}
      </Show>
      <AcceptDialog
        ref={(el) => {
          acceptDialog = el;
        }}
        quote={current()}
        accept={async (input) => {
          const q = current() as CustomerQuote;
          await customerQuotesApi.accept(q.id, input);
          await answered(q, t("quotes.customer.thanks", { number: q.number }));
        }}
      />
      <DeclineDialog
        ref={(el) => {
          declineDialog = el;
        }}
        number={current()?.number ?? ""}
        decline={async (reason) => {
          const q = current() as CustomerQuote;
          await customerQuotesApi.reject(q.id, reason);
          await answered(q, t("quotes.customer.declinedDone", { number: q.number }));
        }}
      />
    </div>
  );
}
