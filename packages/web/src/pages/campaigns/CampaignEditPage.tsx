import { useNavigate } from "@solidjs/router";
import { createSignal, For, Index, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { type Audience, type CampaignCreate, campaignApi, type SegmentFilter } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Panel, Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";

const partyStatuses = ["lead", "contact", "customer", "subscriber"] as const;
const serviceStatuses = ["active", "suspended", "terminated", "pending"] as const;
export const VARIABLES = "{{first_name}}, {{last_name}}, {{name}}, {{email}}";

interface Step {
  delayHours: number;
  subject: string;
  body: string;
}

/** The audience's count, who can be reached, and a sample, before anything is sent. */
export function AudiencePreview(props: { audience: Audience }) {
  return (
    <div class="campaign-audience" role="status">
      <p>
        <strong>{t("campaigns.edit.matched", props.audience.matched)}</strong> ·{" "}
        {t("campaigns.edit.reachable", props.audience.reachable)}
      </p>
      <Show when={props.audience.sample.length > 0}>
        <div class="table-scroll">
          <table class="table">
            <caption class="sr-only">{t("campaigns.edit.sample")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("campaigns.edit.person")}</th>
                <th scope="col">{t("campaigns.edit.address")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.audience.sample}>
                {(p) => (
                  <tr>
                    <th scope="row">{p.name}</th>
                    <td>{p.address}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </div>
  );
}

/** Writes a draft: the audience (a saved segment or a new one, previewed), the message and its follow-ups. */
export function CampaignEditPage() {
  useTitle(t("campaigns.edit.title"));
  const navigate = useNavigate();
  const segments = createLoad(() => campaignApi.segments());
  const [segmentId, setSegmentId] = createSignal("new");
  const [channel, setChannel] = createSignal<"email" | "whatsapp">("email");
  const [steps, setSteps] = createSignal<Step[]>([{ delayHours: 0, subject: "", body: "" }]);
  const [audience, setAudience] = createSignal<Audience>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  const filterOf = (data: FormData): SegmentFilter => {
    const regions = String(data.get("regions") ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    const search = String(data.get("search") ?? "").trim();
    const party = data.getAll("partyStatuses").map(String) as NonNullable<SegmentFilter["partyStatuses"]>;
    const service = data.getAll("subscriberStatuses").map(String) as NonNullable<SegmentFilter["subscriberStatuses"]>;
    return {
      ...(party.length ? { partyStatuses: party } : {}),
      ...(service.length ? { subscriberStatuses: service } : {}),
      ...(regions.length ? { regions } : {}),
      ...(search ? { search } : {}),
    };
  };

  const previewAudience = async () => {
    if (!form) return;
    setError(undefined);
    try {
      const chosen = segments.data()?.items.find((s) => s.id === segmentId());
      setAudience(await campaignApi.previewSegment(chosen ? chosen.filter : filterOf(new FormData(form)), channel()));
    } catch (failure) {
      setError(failure);
    }
  };

  const updateStep = (i: number, patch: Partial<Step>) =>
    setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!form || busy()) return;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      let segment = segmentId();
      if (segment === "new") {
        segment = (await campaignApi.createSegment(String(data.get("segmentName") ?? "").trim(), filterOf(data))).id;
        setSegmentId(segment);
        void segments.refresh();
      }
      const variables = String(data.get("templateVariables") ?? "")
        .split("\n")
        .map((v) => v.trim())
        .filter(Boolean);
      const json: CampaignCreate = {
        name: String(data.get("name") ?? "").trim(),
        channel: channel(),
        segmentId: segment,
        ...(channel() === "whatsapp" ? { inboxChannelId: String(data.get("inboxChannelId") ?? "").trim() } : {}),
        steps:
          channel() === "email"
            ? steps().map((s) => ({ delayHours: s.delayHours, subject: s.subject.trim(), body: s.body.trim() }))
            : [
                {
                  templateName: String(data.get("templateName") ?? "").trim(),
                  templateLanguage: String(data.get("templateLanguage") ?? "").trim(),
                  templateVariables: variables,
                },
              ],
      };
      const created = await campaignApi.create(json);
      navigate(`/campaigns/${created.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (path: string) => fieldMessage(error(), path);

  return (
    <>
      <PageHeader title={t("campaigns.edit.title")} sub={t("campaigns.edit.sub")} />
      <MarketingNav />
      <form class="form campaign-form" ref={form} onSubmit={submit} novalidate>
        <Panel id="campaign-audience" title={t("campaigns.edit.audience")} sub={t("campaigns.edit.audienceSub")}>
          <div class="mk-body">
            <div class="field">
              <label for="campaign-segment">{t("campaigns.edit.existing")}</label>
              <select id="campaign-segment" value={segmentId()} onChange={(e) => setSegmentId(e.currentTarget.value)}>
                <option value="new">{t("campaigns.edit.newSegment")}</option>
                <For each={segments.data()?.items}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            </div>
            <Show when={segmentId() === "new"}>
              <div class="field">
                <label for="segment-name">{t("campaigns.edit.segmentName")}</label>
                <input
                  id="segment-name"
                  name="segmentName"
                  required
                  maxLength={200}
                  aria-invalid={fieldError("name") ? "true" : undefined}
                />
              </div>
              <fieldset class="field tk-fieldset">
                <legend>{t("campaigns.edit.partyStatuses")}</legend>
                <For each={partyStatuses}>
                  {(s) => (
                    <label class="check">
                      <input class="check-box" type="checkbox" name="partyStatuses" value={s} />
                      {t(`campaigns.edit.party.${s}`)}
                    </label>
                  )}
                </For>
              </fieldset>
              <fieldset class="field tk-fieldset">
                <legend>{t("campaigns.edit.serviceStatuses")}</legend>
                <For each={serviceStatuses}>
                  {(s) => (
                    <label class="check">
                      <input class="check-box" type="checkbox" name="subscriberStatuses" value={s} />
                      {t(`campaigns.edit.service.${s}`)}
                    </label>
                  )}
                </For>
              </fieldset>
              <div class="field">
                <label for="segment-regions">{t("campaigns.edit.regions")}</label>
                <input id="segment-regions" name="regions" aria-describedby="segment-regions-hint" />
                <span id="segment-regions-hint" class="field-hint">
                  {t("campaigns.edit.regionsHint")}
                </span>
              </div>
              <div class="field">
                <label for="segment-search">{t("campaigns.edit.search")}</label>
                <input id="segment-search" name="search" maxLength={100} />
              </div>
            </Show>
            <button type="button" class="btn btn-secondary" onClick={() => void previewAudience()}>
              {t("campaigns.edit.previewAudience")}
            </button>
            <Show when={audience()}>{(a) => <AudiencePreview audience={a()} />}</Show>
          </div>
        </Panel>

        <Panel
          id="campaign-message"
          title={t("campaigns.edit.message")}
          sub={t("campaigns.edit.messageSub", { vars: VARIABLES })}
        >
          <div class="mk-body">
            <div class="field">
              <label for="campaign-name">{t("campaigns.edit.name")}</label>
              <input id="campaign-name" name="name" required maxLength={200} />
            </div>
            <fieldset class="field tk-fieldset">
              <legend>{t("campaigns.edit.channel")}</legend>
              <For each={["email", "whatsapp"] as const}>
                {(c) => (
                  <label class="check">
                    <input
                      class="check-box"
                      type="radio"
                      name="channel"
                      value={c}
                      checked={channel() === c}
                      onChange={() => setChannel(c)}
                    />
                    {t(`campaigns.channels.${c}`)}
                  </label>
                )}
              </For>
            </fieldset>
            <Show
              when={channel() === "email"}
              fallback={
                <>
                  <div class="field">
                    <label for="campaign-wa-channel">{t("campaigns.edit.inboxChannel")}</label>
                    <input id="campaign-wa-channel" name="inboxChannelId" />
                  </div>
                  <div class="field">
                    <label for="campaign-template">{t("campaigns.edit.templateName")}</label>
                    <input id="campaign-template" name="templateName" />
                  </div>
                  <div class="field">
                    <label for="campaign-template-lang">{t("campaigns.edit.templateLanguage")}</label>
                    <input id="campaign-template-lang" name="templateLanguage" value="en" />
                  </div>
                  <div class="field">
                    <label for="campaign-template-vars">{t("campaigns.edit.templateVariables")}</label>
                    <textarea
                      id="campaign-template-vars"
                      name="templateVariables"
                      rows="3"
                      aria-describedby="campaign-template-vars-hint"
                    />
                    <span id="campaign-template-vars-hint" class="field-hint">
                      {t("campaigns.edit.templateVariablesHint", { vars: VARIABLES })}
                    </span>
                  </div>
                </>
              }
            >
              <Index each={steps()}>
                {(step, i) => (
                  <fieldset class="field tk-fieldset campaign-step">
                    <legend>
                      {i === 0 ? t("campaigns.detail.first") : t("campaigns.edit.step", { n: String(i) })}
                    </legend>
                    <Show when={i > 0}>
                      <div class="field">
                        <label for={`step-${i}-delay`}>{t("campaigns.edit.delayHours")}</label>
                        <input
                          id={`step-${i}-delay`}
                          type="number"
                          min="1"
                          max="8760"
                          value={step().delayHours}
                          onInput={(e) => updateStep(i, { delayHours: Number(e.currentTarget.value) })}
                        />
                      </div>
                    </Show>
                    <div class="field">
                      <label for={`step-${i}-subject`}>{t("campaigns.edit.subject")}</label>
                      <input
                        id={`step-${i}-subject`}
                        maxLength={300}
                        value={step().subject}
                        aria-invalid={fieldError(`steps.${i}.subject`) ? "true" : undefined}
                        onInput={(e) => updateStep(i, { subject: e.currentTarget.value })}
                      />
                    </div>
                    <div class="field">
                      <label for={`step-${i}-body`}>{t("campaigns.edit.body")}</label>
                      <textarea
                        id={`step-${i}-body`}
                        rows="7"
                        value={step().body}
                        aria-invalid={fieldError(`steps.${i}.body`) ? "true" : undefined}
                        onInput={(e) => updateStep(i, { body: e.currentTarget.value })}
                      />
                    </div>
                    <Show when={i > 0}>
                      <button
                        type="button"
                        class="btn btn-secondary"
                        onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}
                      >
                        {t("campaigns.edit.removeStep", { n: String(i) })}
                      </button>
                    </Show>
                  </fieldset>
                )}
              </Index>
              <button
                type="button"
                class="btn btn-secondary"
                onClick={() => setSteps((all) => [...all, { delayHours: 24, subject: "", body: "" }])}
              >
                {t("campaigns.edit.addStep")}
              </button>
            </Show>
            <ErrorAlert message={error() ? errorMessage(error()) : undefined} />
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={busy()} aria-busy={busy()}>
                <Show when={busy()} fallback={t("campaigns.edit.save")}>
                  <Spinner />
                  {t("campaigns.edit.saving")}
                </Show>
              </button>
            </div>
          </div>
        </Panel>
      </form>
    </>
  );
}
