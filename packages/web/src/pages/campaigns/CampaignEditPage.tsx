import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { type Audience, type Campaign, type CampaignCreate, campaignApi } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Panel, Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { EmailSteps, type Step } from "./EmailSteps";
import { AudiencePreview, filterOf, SegmentFields } from "./SegmentFields";
import { templateKey, WhatsAppFields, type WhatsAppValue } from "./WhatsAppFields";

export { AudiencePreview };
export const VARIABLES = "{{first_name}}, {{last_name}}, {{name}}, {{email}}";

/**
 * Writes a draft, or edits one (`/campaigns/:id/edit`): the audience (a saved segment, a new one, or
 * the chosen one edited or deleted), the message and its follow-ups. Past draft it says why it is read-only.
 */
export function CampaignEditPage() {
  const params = useParams();
  const editing = () => Boolean(params.id);
  useTitle(editing() ? t("campaigns.edit.editTitle") : t("campaigns.edit.title"));
  const navigate = useNavigate();
  const segments = createLoad(() => campaignApi.segments());
  const channels = createLoad(() => campaignApi.whatsappChannels());
  const existing = createLoad(async () => (params.id ? campaignApi.get(params.id) : undefined), {
    key: () => params.id,
  });
  const [segmentId, setSegmentId] = createSignal("new");
  const [editSegment, setEditSegment] = createSignal(false);
  const [channel, setChannel] = createSignal<"email" | "whatsapp">("email");
  const [steps, setSteps] = createSignal<Step[]>([{ delayHours: 0, subject: "", body: "" }]);
  const [whatsapp, setWhatsapp] = createSignal<WhatsAppValue>({ inboxChannelId: "", template: "", variables: [] });
  const [name, setName] = createSignal("");
  const [audience, setAudience] = createSignal<Audience>();
  const [error, setError] = createSignal<unknown>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let form: HTMLFormElement | undefined;

  // An edited draft fills the form once it loads.
  createEffect(() => {
    const c = existing.data();
    if (c?.status !== "draft") return;
    setName(c.name);
    setSegmentId(c.segmentId);
    setChannel(c.channel);
    if (c.channel === "email") {
      setSteps(c.steps.map((s) => ({ delayHours: s.delayHours, subject: s.subject ?? "", body: s.body ?? "" })));
    } else {
      const first = c.steps[0];
      setWhatsapp({
        inboxChannelId: c.inboxChannelId ?? "",
        template: templateKey(first?.templateName ?? null, first?.templateLanguage ?? null),
        variables: first?.templateVariables ?? [],
      });
    }
  });
  const readOnly = (): Campaign | undefined => {
    const c = existing.data();
    return c && c.status !== "draft" ? c : undefined;
  };
  const chosenSegment = () => segments.data()?.items.find((s) => s.id === segmentId());

  const previewAudience = async () => {
    if (!form) return;
    setError(undefined);
    try {
      const chosen = editSegment() ? undefined : chosenSegment();
      setAudience(await campaignApi.previewSegment(chosen ? chosen.filter : filterOf(new FormData(form)), channel()));
    } catch (failure) {
      setError(failure);
    }
  };

  const removeSegment = async () => {
    const chosen = chosenSegment();
    if (!chosen || !window.confirm(t("campaigns.segment.deleteConfirm", { name: chosen.name }))) return;
    setError(undefined);
    try {
      await campaignApi.removeSegment(chosen.id);
      setSegmentId("new");
      setNotice(t("campaigns.segment.deleted", { name: chosen.name }));
      void segments.refresh();
    } catch (failure) {
      setError(failure);
    }
  };

  const message = (): CampaignCreate["steps"] => {
    if (channel() === "email")
      return steps().map((s) => ({ delayHours: s.delayHours, subject: s.subject.trim(), body: s.body.trim() }));
    const [templateName = "", templateLanguage = ""] = whatsapp().template.split("|");
    return [{ templateName, templateLanguage, templateVariables: whatsapp().variables }];
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!form || busy()) return;
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      let segment = segmentId();
      const segmentName = String(data.get("segmentName") ?? "").trim();
      if (segment === "new") {
        segment = (await campaignApi.createSegment(segmentName, filterOf(data))).id;
        setSegmentId(segment);
        void segments.refresh();
      } else if (editSegment()) {
        await campaignApi.updateSegment(segment, segmentName, filterOf(data));
        setEditSegment(false);
        void segments.refresh();
      }
      const json: CampaignCreate = {
        name: name().trim(),
        channel: channel(),
        segmentId: segment,
        ...(channel() === "whatsapp" && whatsapp().inboxChannelId ? { inboxChannelId: whatsapp().inboxChannelId } : {}),
        steps: message(),
      };
      const saved = params.id ? await campaignApi.update(params.id, json) : await campaignApi.create(json);
      navigate(`/campaigns/${saved.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const invalid = (path: string) => Boolean(fieldMessage(error(), path));

  return (
    <>
      <PageHeader
        crumb={editing() ? t("campaigns.list.title") : undefined}
        title={editing() ? t("campaigns.edit.editTitle") : t("campaigns.edit.title")}
        sub={t("campaigns.edit.sub")}
      />
      <MarketingNav />
      <ErrorAlert message={existing.error()} />
      <Show when={readOnly()}>
        {(c) => (
          <Notice
            tone="info"
            class="campaign-readonly"
            message={
              <>
                {t("campaigns.edit.notDraft", { status: t(`campaigns.statuses.${c().status}`) })}{" "}
                <A href={`/campaigns/${c().id}`}>{t("campaigns.edit.backToCampaign", { name: c().name })}</A>
              </>
            }
          />
        )}
      </Show>
      <Show when={!readOnly() && (!editing() || existing.data())}>
        <form class="form campaign-form" ref={form} onSubmit={submit} novalidate>
          <Panel id="campaign-audience" title={t("campaigns.edit.audience")} sub={t("campaigns.edit.audienceSub")}>
            <div class="mk-body">
              <div class="field">
                <label for="campaign-segment">{t("campaigns.edit.existing")}</label>
                <select
                  id="campaign-segment"
                  value={segmentId()}
                  onChange={(e) => {
                    setSegmentId(e.currentTarget.value);
                    setEditSegment(false);
                  }}
                >
                  <option value="new">{t("campaigns.edit.newSegment")}</option>
                  <For each={segments.data()?.items}>
                    {(s) => (
                      <option value={s.id} selected={s.id === segmentId()}>
                        {s.name}
                      </option>
                    )}
                  </For>
                </select>
              </div>
              <Show when={chosenSegment() && !editSegment()}>
                <div class="form-actions">
                  <button type="button" class="btn btn-secondary" onClick={() => setEditSegment(true)}>
                    {t("campaigns.segment.edit")}
                  </button>
                  <button type="button" class="btn btn-danger" onClick={() => void removeSegment()}>
                    {t("campaigns.segment.delete")}
                  </button>
                </div>
              </Show>
              <Show when={segmentId() === "new" || editSegment()} keyed>
                <SegmentFields
                  initial={editSegment() ? chosenSegment() : undefined}
                  nameInvalid={invalid("name") && segmentId() === "new"}
                />
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
                <input
                  id="campaign-name"
                  name="name"
                  required
                  maxLength={200}
                  value={name()}
                  onInput={(e) => setName(e.currentTarget.value)}
                />
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
                  <WhatsAppFields
                    channels={channels.data()?.items}
                    value={whatsapp()}
                    onChange={setWhatsapp}
                    invalid={invalid}
                  />
                }
              >
                <EmailSteps steps={steps()} setSteps={setSteps} invalid={invalid} />
              </Show>
              <Notice message={notice()} />
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
      </Show>
    </>
  );
}
