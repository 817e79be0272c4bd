import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { client, read } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { AddTechnicianDialog } from "./AddTechnicianDialog";
import { type Technician, technicianApi, todayIn, wall } from "./api";

/** A technician's skills in a few words: the primary first, each with its proficiency. */
export const skillsSummary = (tech: Technician) =>
  [...tech.skills]
    .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || b.proficiency - a.proficiency)
    .map((s) => t("technicians.skillLevel", { name: s.name, level: String(s.proficiency) }))
    .join(", ");

/** Dispatchers and admins: every technician with region, team, skills, today's shift and whether active. */
export function TechniciansPage() {
  useTitle(t("technicians.title"));
  const navigate = useNavigate();
  const list = createLoad(() => technicianApi.list());
  let addDialog: HTMLDialogElement | undefined;
  const [opened, setOpened] = createSignal(0);
  // Today's shifts come from the board (one call for everyone); without it the column says so.
  const today = createLoad(async () => {
    if (!can("operations:work_order:read")) return new Map<string, string>();
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const board = await read(
      client.api.v1.dispatch.board.$get({ query: { date: todayIn(zone), days: "1", timeZone: zone } }),
    );
    return new Map(
      board.technicians.map((row) => {
        const day = todayIn(row.timeZone);
        const spans = row.shifts.filter((s) => s.localStart.startsWith(day));
        return [row.userId, spans.map((s) => `${wall(s.localStart)}–${wall(s.localEnd)}`).join(", ")];
      }),
    );
  });
  const shiftOf = (tech: Technician) => {
    const text = today.data()?.get(tech.userId);
    return text ? `${text} (${tech.timeZone})` : t("technicians.noShiftToday");
  };

  return (
    <div class="page">
      <PageHeader
        title={t("technicians.title")}
        sub={t("technicians.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={() => {
          void list.refresh();
          void today.refresh();
        }}
        refreshing={list.loading()}
        actions={
          <>
            <A class="btn btn-secondary" href="/settings/dispatch">
              {t("technicians.settingsLink")}
            </A>
            <Show when={can("operations:technician:write")}>
              <button
                type="button"
                class="btn btn-primary"
                onClick={() => {
                  setOpened((n) => n + 1);
                  addDialog?.showModal();
                }}
              >
                {t("technicians.add.open")}
              </button>
            </Show>
          </>
        }
      />
      <AddTechnicianDialog
        ref={(el) => {
          addDialog = el;
        }}
        opened={opened()}
        onAdded={(userId) => navigate(`/technicians/${userId}`)}
      />
      <ErrorAlert message={list.error() && t("technicians.loadFailed", { error: list.error() ?? "" })} />
      <ErrorAlert message={today.error() && t("technicians.shiftsFailed", { error: today.error() ?? "" })} />
      <div class="panel wo-table-wrap">
        <table class="tk-table">
          <caption class="sr-only">{t("technicians.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("technicians.name")}</th>
              <th scope="col">{t("technicians.region")}</th>
              <th scope="col">{t("technicians.team")}</th>
              <th scope="col">{t("technicians.skills")}</th>
              <th scope="col">{t("technicians.todayShift")}</th>
              <th scope="col">{t("technicians.active")}</th>
            </tr>
          </thead>
          <tbody>
            <For
              each={list.data()?.items}
              fallback={
                <tr>
                  <td colSpan={6}>{list.loading() ? t("technicians.loading") : t("technicians.empty")}</td>
                </tr>
              }
            >
              {(tech) => (
                <tr data-tech={tech.userId}>
                  <td>
                    <A href={`/technicians/${tech.userId}`}>{tech.name}</A>
                    <Show when={tech.title}>
                      <div class="muted">{tech.title}</div>
                    </Show>
                  </td>
                  <td>{tech.region ?? "—"}</td>
                  <td>{tech.teamName ?? "—"}</td>
                  <td>{tech.skills.length ? skillsSummary(tech) : t("technicians.noSkills")}</td>
                  <td>{shiftOf(tech)}</td>
                  <td>
                    <span class={`badge ${tech.active ? "badge-success" : "badge-neutral"}`}>
                      {tech.active ? t("technicians.activeYes") : t("technicians.activeNo")}
                    </span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
