import { A, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, type JSX, Match, Show, Switch } from "solid-js";
import { ApiError } from "../../api";
import { crmApi, type Person } from "../../components/crm/api";
import { Notice } from "../../components/kit/Alert";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { ErrorState, Panel, Skeleton } from "../../components/ui";
import { absoluteTime, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { contactApi, type Item, type Overview, type SectionName } from "./contact-api";

/** Where each kind of record has its own page. */
const hrefOf: Record<SectionName, (item: Item) => string> = {
  subscribers: (i) => `/subscribers/${i.id}`,
  conversations: (i) => `/inbox?c=${i.id}`,
  tickets: (i) => `/tickets/${encodeURIComponent(i.number ?? i.id)}`,
  workOrders: (i) => `/work-orders/${i.id}`,
  leads: (i) => `/sales/leads/${i.id}`,
  quotes: (i) => `/quotes/${i.id}`,
  orders: (i) => `/sales-orders/${i.id}`,
  projects: (i) => `/projects/${i.id}`,
};
const order: SectionName[] = [
  "conversations",
  "tickets",
  "workOrders",
  "subscribers",
  "leads",
  "quotes",
  "orders",
  "projects",
];

/** One kind of record: the newest few, each linking to its page, and how many there are. */
function Section(props: { name: SectionName; section: NonNullable<Overview["sections"][SectionName]> }) {
  const id = `contact-${props.name}`;
  return (
    <Panel
      id={id}
      title={t(`crm.contact.section.${props.name}`)}
      sub={
        props.section.total > props.section.items.length
          ? t("crm.contact.more", { shown: props.section.items.length, total: props.section.total })
          : undefined
      }
      class="contact-section"
    >
      <div class="contact-body">
        <Show
          when={props.section.items.length > 0}
          fallback={<p class="muted">{t(`crm.contact.none.${props.name}`)}</p>}
        >
          <ul class="contact-list">
            <For each={props.section.items}>
              {(item) => (
                <li>
                  <A href={hrefOf[props.name](item)}>
                    <Show when={item.number && item.number !== item.title}>
                      <span class="mono">{item.number}</span>{" "}
                    </Show>
                    {item.title}
                  </A>
                  <span class="contact-meta">
                    <span class="chip">{item.status.replaceAll("_", " ")}</span>
                    <Show when={item.kind && props.name === "conversations"}>
                      <span>{t(`crm.channelKind.${item.kind as "email"}`)}</span>
                    </Show>
                    <Show when={item.amountMinor !== null && item.currency}>
                      <span class="num">{formatMoney(item.amountMinor ?? 0, item.currency ?? "NGN")}</span>
                    </Show>
                    <Show when={item.at}>
                      <time datetime={item.at ?? ""}>{absoluteTime(item.at ?? "")}</time>
                    </Show>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </Panel>
  );
}

/** Choose another person (search, or a suggested duplicate) and fold them into this contact. */
function MergeDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  contact: Overview;
  preselected: string | undefined;
  onDone: (name: string, moved: number) => void;
}) {
  const [results, setResults] = createSignal<Person[]>();
  const name = () => props.contact.person.displayName;
  const search = async (q: string) => {
    const page = await crmApi.people({ q, limit: "10" });
    setResults(page.items.filter((p) => p.id !== props.contact.person.id));
  };
  const choices = () => [
    ...props.contact.mergeCandidates.map((c) => ({ id: c.id, label: `${c.displayName} (${c.matched})` })),
    ...(results() ?? [])
      .filter((p) => !props.contact.mergeCandidates.some((c) => c.id === p.id))
      .map((p) => ({ id: p.id, label: [p.displayName, p.email ?? p.phone].filter(Boolean).join(" · ") })),
  ];
  return (
    <DialogForm
      id="contact-merge"
      ref={props.ref}
      title={t("crm.contact.mergeTitle", { name: name() })}
      intro={t("crm.contact.mergeIntro", { name: name() })}
      submitLabel={t("crm.contact.mergeSubmit", { name: name() })}
      danger
      submit={async (form) => {
        const sourceId = String(new FormData(form).get("sourceId") ?? "");
        if (!sourceId) throw invalid("sourceId", t("crm.contact.mergeMissing"));
        const label = choices().find((c) => c.id === sourceId)?.label ?? "";
        const result = await contactApi.merge(props.contact.person.id, sourceId);
        const moved = Object.values(result.moved).reduce((n, v) => n + v, 0);
        props.onDone(label, moved);
      }}
    >
      {(errors) => (
        <>
          <div class="field">
            <label for="merge-q">{t("crm.contact.mergeSearch")}</label>
            <div class="inline-search">
              <input
                id="merge-q"
                type="search"
                aria-describedby="merge-q-hint"
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    void search(e.currentTarget.value);
                  }
                }}
              />
              <button
                type="button"
                class="btn btn-secondary"
                onClick={(e) => {
                  const input = e.currentTarget.parentElement?.querySelector("input");
                  void search(input?.value ?? "");
                }}
              >
                {t("crm.contact.mergeFind")}
              </button>
            </div>
            <span id="merge-q-hint" class="field-hint">
              {t("crm.contact.mergeSearchHint")}
            </span>
          </div>
          <Field id="merge-source" label={t("crm.contact.mergeChoose")} error={errors.field("sourceId")}>
            {(aria) => (
              <fieldset {...aria} class="radio-list" aria-label={t("crm.contact.mergeChoose")}>
                <Show when={choices().length > 0} fallback={<p class="muted">{t("crm.contact.mergeNone")}</p>}>
                  <For each={choices()}>
                    {(c) => (
                      <label class="radio-row">
                        <input type="radio" name="sourceId" value={c.id} checked={c.id === props.preselected} />
                        {c.label}
                      </label>
                    )}
                  </For>
                </Show>
              </fieldset>
            )}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

/** A contact's one page: how to reach them, their organisation, and every record they have, in one read. */
export function PersonPage() {
  const params = useParams();
  const contact = createLoad(() => contactApi.overview(params.id ?? ""), { key: () => params.id });
  const [notice, setNotice] = createSignal<string>();
  const [preselected, setPreselected] = createSignal<string>();
  let mergeDialog: HTMLDialogElement | undefined;
  createEffect(() => useTitle(contact.data()?.person.displayName ?? t("crm.people.title")));
  const crumb = () => <A href="/people">{t("crm.people.crumb")}</A>;
  const openMerge = (id?: string) => {
    setPreselected(id);
    mergeDialog?.showModal();
  };
  const mergeButton = (): JSX.Element => (
    <Show when={can("crm:contact:write")}>
      <button type="button" class="btn btn-secondary" onClick={() => openMerge()}>
        {t("crm.contact.mergeOpen")}
      </button>
    </Show>
  );
  return (
    <div class="page">
      <Switch>
        <Match when={contact.failure() instanceof ApiError && (contact.failure() as ApiError).status === 404}>
          <PageHeader crumb={crumb()} title={t("crm.people.notFound")} />
        </Match>
        <Match when={contact.error() && !contact.data()}>
          <ErrorState title={t("crm.loadFailed")} detail={contact.error() ?? ""} onRetry={contact.refresh} />
        </Match>
        <Match when={contact.data()}>
          {(c) => (
            <>
              <PageHeader
                crumb={crumb()}
                title={c().person.displayName}
                sub={t(`crm.partyStatus.${c().person.partyStatus}`)}
                refreshedAt={contact.refreshedAt()}
                onRefresh={contact.refresh}
                refreshing={contact.loading()}
                actions={mergeButton()}
              />
              <Notice message={notice()} />
              <Show when={c().mergeCandidates.length > 0 && can("crm:contact:write")}>
                <section class="panel contact-duplicates" aria-labelledby="contact-duplicates-title">
                  <div class="panel-head">
                    <h2 id="contact-duplicates-title" class="panel-title">
                      {t("crm.contact.duplicates")}
                    </h2>
                    <p class="panel-sub">{t("crm.contact.duplicatesHint", { name: c().person.displayName })}</p>
                  </div>

                  <ul class="contact-list">
                    <For each={c().mergeCandidates}>
                      {(d) => (
                        <li>
                          <A href={`/people/${d.id}`}>{d.displayName}</A>
                          <span class="contact-meta">{t("crm.contact.matched", { value: d.matched })}</span>
                          <button type="button" class="btn btn-secondary btn-small" onClick={() => openMerge(d.id)}>
                            {t("crm.contact.mergeThis", { name: d.displayName })}
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              </Show>
              <div class="crm-grid">
                <Panel id="person-channels" title={t("crm.people.channels")}>
                  <div class="contact-body">
                    <Show
                      when={c().person.channels.length > 0}
                      fallback={<p class="muted">{t("crm.people.noChannels")}</p>}
                    >
                      <dl class="crm-facts">
                        <For each={c().person.channels}>
                          {(ch) => (
                            <>
                              <dt>{t(`crm.channelKind.${ch.kind}`)}</dt>
                              <dd class={ch.kind === "email" ? "" : "mono"}>{ch.value}</dd>
                            </>
                          )}
                        </For>
                      </dl>
                    </Show>
                  </div>
                </Panel>
                <Panel id="person-org" title={t("crm.people.organisation")}>
                  <div class="contact-body">
                    <Show when={c().organization} fallback={<p class="muted">{t("crm.people.noOrganisation")}</p>}>
                      {(o) => (
                        <p>
                          <A href={`/organizations/${o().id}`}>{o().name}</A>{" "}
                          <span class="muted">{t(`crm.accountType.${o().accountType as "customer"}`)}</span>
                        </p>
                      )}
                    </Show>
                  </div>
                </Panel>
              </div>
              <div class="contact-sections">
                <For each={order}>
                  {(name) => (
                    <Show when={c().sections[name]}>{(section) => <Section name={name} section={section()} />}</Show>
                  )}
                </For>
              </div>
              <MergeDialog
                ref={(el) => {
                  mergeDialog = el;
                }}
                contact={c()}
                preselected={preselected()}
                onDone={(name, moved) => {
                  setNotice(t("crm.contact.merged", { name, n: moved }));
                  void contact.refresh();
                }}
              />
            </>
          )}
        </Match>
        <Match when={true}>
          <div class="panel loading" aria-hidden="true">
            <Skeleton class="sk-line sk-short" />
            <Skeleton class="sk-row" />
          </div>
        </Match>
      </Switch>
    </div>
  );
}
