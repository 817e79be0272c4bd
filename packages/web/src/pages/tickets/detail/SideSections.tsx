import { createEffect, createSignal, For, on, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { type Confirmation, type Customer, type Ticket, ticketApi } from "../../../components/tickets/api";
import { customerKindLabel } from "../../../components/tickets/labels";
import { RelativeTime } from "../../../components/ui";
import { absoluteTime, timeUntil } from "../../../format";
import { t } from "../../../i18n";

/** Who the ticket is for: its subscriber, person and organisation, as the directory labels them. */
export function CustomerSection(props: { ticket: Ticket }) {
  const [items, setItems] = createSignal<Customer[]>();
  const [error, setError] = createSignal<string>();
  createEffect(
    on(
      () => [props.ticket.subscriberId, props.ticket.personId, props.ticket.organizationId] as const,
      async ([subscriberId, personId, organizationId]) => {
        setError(undefined);
        if (!subscriberId && !personId && !organizationId) return setItems([]);
        const query: Record<string, string> = {};
        if (subscriberId) query.subscriberId = subscriberId;
        if (personId) query.personId = personId;
        if (organizationId) query.organizationId = organizationId;
        try {
          setItems(await ticketApi.customers(query));
        } catch (failure) {
          setError(t("ticket.customerFailed", { error: errorMessage(failure) }));
        }
      },
    ),
  );
  return (
    <section class="tk-side-section" aria-labelledby="customer-title">
      <h2 id="customer-title" class="tk-side-title">
        {t("ticket.customer")}
      </h2>
      <Show when={error()}>
        <p class="error-text">{error()}</p>
      </Show>
      <Show when={items()}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">{t("ticket.noCustomer")}</p>}>
            <ul class="tk-customers">
              <For each={list()}>
                {(c) => (
                  <li>
                    <span class="tk-combo-tag">{customerKindLabel(c.kind)}</span> <strong>{c.label}</strong>
                    <span class="sub">{c.detail}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

export function ConfirmationSection(props: { confirmation: Confirmation; now: number }) {
  return (
    <section class="tk-side-section" aria-labelledby="confirm-title">
      <h2 id="confirm-title" class="tk-side-title">
        {t("ticket.confirmation")}
      </h2>
      <p>
        <strong>{t(`ticket.confirmationState.${props.confirmation.state}`)}</strong>
      </p>
      <p class="muted">
        <Show when={props.confirmation.email}>{t("ticket.sentTo", { email: props.confirmation.email ?? "" })}</Show>
        <Show
          when={props.confirmation.decidedAt}
          fallback={
            <>
              {t("ticket.closesAuto")} <TimeUntil at={props.confirmation.expiresAt} now={props.now} />.
            </>
          }
        >
          {t("ticket.decided")} <RelativeTime at={props.confirmation.decidedAt} now={props.now} />.
        </Show>
      </p>
      <Show when={props.confirmation.reason}>
        <blockquote class="tk-quote">{props.confirmation.reason}</blockquote>
      </Show>
    </section>
  );
}

/** "in 23 h" or "on 27 Nov, 10:00"; the exact time on hover. */
function TimeUntil(props: { at: string; now: number }) {
  return (
    <time datetime={props.at} title={absoluteTime(props.at)}>
      {timeUntil(props.at, props.now)}
    </time>
  );
}
