import { A } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import type { Confirmation, CustomerContext } from "../../../components/tickets/api";
import { StatusChip } from "../../../components/tickets/labels";
import { RelativeTime } from "../../../components/ui";
import { absoluteTime, timeUntil } from "../../../format";
import { t } from "../../../i18n";

/**
 * Who the ticket is for, as the server resolved it with the ticket: the person and how to reach them,
 * the subscriber and plan, the organisation, and the customer's other tickets.
 */
export function CustomerSection(props: { customer: CustomerContext | undefined }) {
  const empty = () => {
    const c = props.customer;
    return !c || (!c.person && !c.subscriber && !c.organization);
  };
  return (
    <section class="tk-side-section tk-customer" aria-labelledby="customer-title">
      <h2 id="customer-title" class="tk-side-title">
        {t("ticket.customer")}
      </h2>
      <Show when={props.customer && !empty()} fallback={<p class="muted">{t("ticket.noCustomer")}</p>}>
        <Show when={props.customer?.person}>
          {(p) => (
            <div class="tk-customer-block">
              <A class="tk-customer-name" href={`/people/${p().id}`}>
                {p().name}
              </A>
              <Show
                when={p().channels.length > 0 || p().email || p().phone}
                fallback={<p class="muted sub">{t("crm.customer.contactHidden")}</p>}
              >
                <ul class="tk-channels" aria-label={t("crm.people.channels")}>
                  <For each={p().channels}>
                    {(c) => (
                      <li>
                        <span class="tk-combo-tag">{t(`crm.channelKind.${c.kind}`)}</span>{" "}
                        <Switch fallback={<span class="mono">{c.value}</span>}>
                          <Match when={c.kind === "email"}>
                            <a href={`mailto:${c.value}`}>{c.value}</a>
                          </Match>
                          <Match when={c.kind === "phone" || c.kind === "whatsapp"}>
                            <a class="mono" href={`tel:${c.value}`}>
                              {c.value}
                            </a>
                          </Match>
                        </Switch>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
        <Show when={props.customer?.subscriber}>
          {(s) => (
            <div class="tk-customer-block">
              <span class="tk-combo-tag">{t("crm.customer.subscriber")}</span>{" "}
              <A class="mono" href={`/subscribers/${s().id}`}>
                {s().subscriberNumber}
              </A>{" "}
              <span class="tk-chip">{t(`crm.subscriberStatus.${s().status}`)}</span>
              <Show when={s().planName}>
                <span class="sub">{[s().planName, s().planSpeed].filter(Boolean).join(" · ")}</span>
              </Show>
            </div>
          )}
        </Show>
        <Show when={props.customer?.organization}>
          {(o) => (
            <div class="tk-customer-block">
              <span class="tk-combo-tag">{t("crm.customer.organisation")}</span>{" "}
              <A href={`/organizations/${o().id}`}>{o().name}</A>
            </div>
          )}
        </Show>
        <h3 class="tk-side-subtitle">{t("crm.customer.otherTickets")}</h3>
        <Show
          when={(props.customer?.otherTickets.length ?? 0) > 0}
          fallback={<p class="muted">{t("crm.customer.noOtherTickets")}</p>}
        >
          <ul class="tk-other-tickets">
            <For each={props.customer?.otherTickets}>
              {(o) => (
                <li>
                  <A href={`/tickets/${encodeURIComponent(o.number)}`} class="mono">
                    {o.number}
                  </A>{" "}
                  <span>{o.title}</span> <StatusChip status={o.status} />
                </li>
              )}
            </For>
          </ul>
        </Show>
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

/** In place of the confirmation: a ticket resolved with nobody to ask was closed at once, not left waiting. */
export function UnaskedSection() {
  return (
    <section class="tk-side-section" aria-labelledby="confirm-title">
      <h2 id="confirm-title" class="tk-side-title">
        {t("ticket.confirmation")}
      </h2>
      <p>
        <strong>{t("ticket.unasked")}</strong>
      </p>
      <p class="muted">{t("ticket.unaskedWhy")}</p>
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
