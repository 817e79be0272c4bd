import { Show } from "solid-js";
import { BrokenLink } from "../../components/account/password";
import { AuthCard } from "../../components/auth";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createTokenLookup } from "../../lib/token-page";
import { type LinkView, quoteLinkApi } from "./api";
import { AcceptDialog, CustomerQuoteCard, DeclineDialog } from "./parts";

/**
 * The page a quote's single-use link opens (`/quote#token=…`), no sign-in needed: the token leaves the
 * address bar at once and travels only in POST bodies. The customer reads the quote, downloads the PDF,
 * and accepts with a signature or declines; the link then shows only the outcome.
 */
export function QuoteLinkPage() {
  useTitle(t("quotes.link.title"));
  const { token, info, setInfo, loadError } = createTokenLookup<LinkView>({
    lookup: (current) => quoteLinkApi.view(current),
    invalid: () => t("quotes.link.invalid"),
  });
  let acceptDialog: HTMLDialogElement | undefined;
  let declineDialog: HTMLDialogElement | undefined;
  const quote = () => info()?.quote;
  return (
    <AuthCard portal="customer" title={t("quotes.link.title")} sub={t("quotes.link.sub")} wide>
      <Show when={token()} fallback={<BrokenLink>{t("quotes.link.broken")}</BrokenLink>}>
        <ErrorAlert message={loadError()} />
        <Show
          when={info()}
          fallback={
            <Show when={!loadError()}>
              <Spinner />
            </Show>
          }
        >
          {(view) => (
            <>
              <Show when={view().state === "answered"}>
                <Notice
                  message={t("quotes.link.answered", {
                    status: t(`quotes.status.${view().quote.status}`).toLowerCase(),
                  })}
                />
              </Show>
              <Show when={view().state === "closed"}>
                <Notice tone="info" message={t("quotes.link.closed")} />
              </Show>
              <CustomerQuoteCard
                quote={view().quote}
                pdf={() => void quoteLinkApi.pdf(token() as string, `${view().quote.number}.pdf`)}
                onAccept={() => acceptDialog?.showModal()}
                onDecline={() => declineDialog?.showModal()}
              />
            </>
          )}
        </Show>
      </Show>
      <AcceptDialog
        ref={(el) => {
          acceptDialog = el;
        }}
        quote={quote()}
        accept={async (input) => {
          setInfo(await quoteLinkApi.accept(token() as string, input));
        }}
      />
      <DeclineDialog
        ref={(el) => {
          declineDialog = el;
        }}
        number={quote()?.number ?? ""}
        decline={async (reason) => {
          setInfo(await quoteLinkApi.reject(token() as string, reason));
        }}
      />
    </AuthCard>
  );
}
