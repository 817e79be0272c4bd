import { For, Show } from "solid-js";
import { t } from "../../i18n";
import type { Detail } from "./types";

/** The contact sidebar: who this is, their addresses, subscribers and service, open tickets, past conversations. */
export function InboxContact(props: {
  detail: Detail;
  open: boolean;
  onClose: () => void;
  onMerge: (personId: string) => void;
}) {
  const d = () => props.detail;
  return (
    <aside class="inbox-contact" classList={{ open: props.open }} aria-labelledby="inbox-contact-title">
      <header class="inbox-contact-head">
        <h2 id="inbox-contact-title">{t("inbox.contact")}</h2>
        <button type="button" class="btn btn-ghost inbox-contact-close" onClick={() => props.onClose()}>
          {t("inbox.backToThread")}
        </button>
      </header>
      <section aria-labelledby="inbox-person">
        <h3 id="inbox-person">
          <a href={`/people/${d().person.id}`}>{d().person.displayName}</a>
        </h3>
        <p class="muted">
          {t(`inbox.kind.${d().conversation.channelKind}`)} · {d().channel.name}
        </p>
        <h4>{t("inbox.channels")}</h4>
        <ul class="inbox-facts">
          <Show when={d().person.email}>
            <li>{d().person.email}</li>
          </Show>
          <Show when={d().person.phone}>
            <li>{d().person.phone}</li>
          </Show>
          <For each={d().person.channels}>
            {(c) => (
              <li>
                {c.kind}: {c.value}
              </li>
            )}
          </For>
        </ul>
        <For each={d().mergeCandidates}>
          {(m) => (
            <div class="inbox-merge">
              <p>{t("inbox.mergeOffer", { name: m.displayName, value: m.matched })}</p>
              <button type="button" class="btn btn-secondary" onClick={() => props.onMerge(m.id)}>
                {t("inbox.merge")}
              </button>
            </div>
          )}
        </For>
      </section>
      <section aria-labelledby="inbox-subscribers">
        <h3 id="inbox-subscribers">{t("inbox.subscribers")}</h3>
        <Show when={d().subscribers.length > 0} fallback={<p class="muted">{t("inbox.noSubscribers")}</p>}>
          <ul class="inbox-facts">
            <For each={d().subscribers}>
              {(s) => (
                <li>
                  <a href={`/subscribers/${s.id}`}>{s.subscriberNumber}</a> · {s.status}
                  <Show when={s.planName}>
                    {" "}
                    · {s.planName} {s.planSpeed ?? ""}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section aria-labelledby="inbox-tickets">
        <h3 id="inbox-tickets">{t("inbox.openTickets")}</h3>
        <Show when={d().openTickets.length > 0} fallback={<p class="muted">{t("inbox.noTickets")}</p>}>
          <ul class="inbox-facts">
            <For each={d().openTickets}>
              {(tk) => (
                <li>
                  <a href={`/tickets/${encodeURIComponent(tk.number)}`}>{tk.number}</a> {tk.title}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section aria-labelledby="inbox-past">
        <h3 id="inbox-past">{t("inbox.past")}</h3>
        <Show when={d().pastConversations.length > 0} fallback={<p class="muted">{t("inbox.noPast")}</p>}>
          <ul class="inbox-facts">
            <For each={d().pastConversations}>
              {(p) => (
                <li>
                  <a href={`/inbox?folder=all&c=${p.id}`}>
                    {t(`inbox.kind.${p.channelKind}`)} · {t(`inbox.statusName.${p.status}`)}
                  </a>{" "}
                  {p.preview ?? ""}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </aside>
  );
}
