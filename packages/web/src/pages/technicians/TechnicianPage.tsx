import { A, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type Profile, type TechnicianDetail, technicianApi, todayIn } from "./api";
import { SchedulePanel } from "./SchedulePanel";
import { SkillsPanel } from "./SkillsPanel";

const zones = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [] as string[];
  }
})();

/** One technician: profile, skills with proficiency, and shifts and time off in their own time zone. */
export function TechnicianPage() {
  const params = useParams<{ id: string }>();
  const [from, setFrom] = createSignal<string>();
  const detail = createLoad(
    async () => {
      const first = await technicianApi.get(params.id, from() ?? todayIn("UTC"));
      // The window starts today where the technician is, not where the dispatcher sits.
      const local = todayIn(first.timeZone);
      if (!from() && local !== todayIn("UTC")) return technicianApi.get(params.id, local);
      return first;
    },
    { key: () => `${params.id}|${from() ?? ""}` },
  );
  const teams = createLoad(async () =>
    can("support:ticket:read") || can("system:settings:read") ? (await technicianApi.teams()).items : [],
  );
  const [saved, setSaved] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const writable = () => can("operations:technician:write");
  useTitle(t("technicians.title"));

  /** Runs a change, shows what happened, and reloads the technician. */
  const change = async (work: () => Promise<unknown>, done: string) => {
    setFailure(undefined);
    setSaved(undefined);
    try {
      await work();
      setSaved(done);
      await detail.refresh();
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };

  const saveProfile = (event: SubmitEvent, tech: TechnicianDetail) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim() || null;
    const number = (name: string) => (text(name) === null ? null : Number(text(name)));
    const profile: Profile = {
      title: text("title"),
      region: text("region"),
      timeZone: text("timeZone") ?? tech.timeZone,
      homeLatitude: number("homeLatitude"),
      homeLongitude: number("homeLongitude"),
      maxJobsPerDay: Number(text("maxJobsPerDay") ?? tech.maxJobsPerDay),
      active: data.get("active") === "on",
    };
    if (data.has("teamId")) profile.teamId = text("teamId");
    void change(() => technicianApi.save(tech.userId, profile), t("technicians.profileSaved"));
  };

  return (
    <div class="page">
      <PageHeader
        title={detail.data()?.name ?? t("technicians.title")}
        sub={detail.data()?.email}
        refreshedAt={detail.refreshedAt()}
        onRefresh={() => void detail.refresh()}
        refreshing={detail.loading()}
        actions={
          <A class="btn btn-secondary" href="/technicians">
            {t("technicians.back")}
          </A>
        }
      />
      <ErrorAlert message={detail.error() && t("technicians.loadOneFailed", { error: detail.error() ?? "" })} />
      <ErrorAlert message={failure()} />
      <Notice message={saved()} />
      <Show when={detail.data()} fallback={<p class="muted">{detail.loading() ? t("technicians.loading") : ""}</p>}>
        {(tech) => (
          <>
            <section class="panel tech-section" aria-labelledby="tech-profile">
              <h2 id="tech-profile">{t("technicians.profile")}</h2>
              <form class="tech-form" onSubmit={(e) => saveProfile(e, tech())} aria-labelledby="tech-profile">
                <fieldset class="tk-fieldset" disabled={!writable()}>
                  <legend class="sr-only">{t("technicians.profile")}</legend>
                  <div class="field-row">
                    <label class="field">
                      <span>{t("technicians.jobTitle")}</span>
                      <input name="title" maxLength={100} value={tech().title ?? ""} />
                    </label>
                    <label class="field">
                      <span>{t("technicians.region")}</span>
                      <input name="region" maxLength={100} value={tech().region ?? ""} />
                    </label>
                    <Show
                      when={teams.data()?.length}
                      fallback={
                        <p class="field">
                          <span>{t("technicians.team")}</span>
                          <span>{tech().teamName ?? "—"}</span>
                        </p>
                      }
                    >
                      <label class="field">
                        <span>{t("technicians.team")}</span>
                        <select name="teamId" value={tech().teamId ?? ""}>
                          <option value="">{t("technicians.noTeam")}</option>
                          <For each={teams.data()}>{(team) => <option value={team.id}>{team.name}</option>}</For>
                        </select>
                      </label>
                    </Show>
                  </div>
                  <div class="field-row">
                    <label class="field">
                      <span>{t("technicians.timeZone")}</span>
                      <input name="timeZone" list="tech-zones" required value={tech().timeZone} />
                      <datalist id="tech-zones">
                        <For each={zones}>{(zone) => <option value={zone} />}</For>
                      </datalist>
                    </label>
                    <label class="field">
                      <span>{t("technicians.homeLatitude")}</span>
                      <input
                        name="homeLatitude"
                        type="number"
                        step="any"
                        min={-90}
                        max={90}
                        value={tech().homeLatitude ?? ""}
                      />
                    </label>
                    <label class="field">
                      <span>{t("technicians.homeLongitude")}</span>
                      <input
                        name="homeLongitude"
                        type="number"
                        step="any"
                        min={-180}
                        max={180}
                        value={tech().homeLongitude ?? ""}
                      />
                    </label>
                    <label class="field">
                      <span>{t("technicians.maxJobs")}</span>
                      <input
                        name="maxJobsPerDay"
                        type="number"
                        min={1}
                        max={50}
                        required
                        value={tech().maxJobsPerDay}
                      />
                    </label>
                  </div>
                  <label class="check">
                    <input type="checkbox" name="active" checked={tech().active} />
                    <span>{t("technicians.activeLabel")}</span>
                  </label>
                  <p class="muted">
                    {tech().locationSharing ? t("technicians.sharingOn") : t("technicians.sharingOff")}
                  </p>
                  <Show when={writable()}>
                    <button type="submit" class="btn btn-primary">
                      {t("technicians.saveProfile")}
                    </button>
                  </Show>
                </fieldset>
              </form>
            </section>
            <SkillsPanel tech={tech()} writable={writable()} change={change} />
            <SchedulePanel
              tech={tech()}
              writable={writable()}
              change={change}
              from={from() ?? todayIn(tech().timeZone)}
              setFrom={setFrom}
            />
          </>
        )}
      </Show>
    </div>
  );
}
