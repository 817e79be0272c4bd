import { A, useParams } from "@solidjs/router";
import { createEffect, createResource, For, on, Show } from "solid-js";
import { errorMessage } from "../api";
import { Badge, Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";
import { addressText, type Job, statusAfter, techApi } from "./data";
import { FieldActions } from "./FieldActions";
import { NotesPanel, PhotosPanel } from "./NotesPhotos";
import { mine, syncedVersion } from "./outbox";
import { SignaturePanel } from "./SignaturePanel";
import { slotOf, statusTone } from "./TodayPage";
import { MaterialsPanel, SerialsPanel, TimePanel } from "./WorkPanels";

/** A maps link that opens the phone's maps app: the coordinates when known, else the address. */
function mapsHref(job: Job): string | undefined {
  const query =
    job.latitude !== null && job.longitude !== null
      ? `${job.latitude},${job.longitude}`
      : [addressText(job.address), job.address?.country].filter(Boolean).join(", ");
  return query ? `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}` : undefined;
}

/** One job on the phone: who, where, how to get in, then everything the technician does there. */
export function JobPage() {
  const params = useParams();
  const [job, { refetch }] = createResource(() => params.id, techApi.job);
  createEffect(on(syncedVersion, () => void refetch(), { defer: true }));
  useTitle(job()?.number ?? t("tech.appName"));
  const pending = () => mine().filter((entry) => entry.workOrderId === params.id);
  const status = () => {
    const current = job();
    return current ? statusAfter(current.status, pending()) : "draft";
  };

  return (
    <>
      <A href="/tech/" class="tech-back">
        ← {t("tech.back")}
      </A>
      <Show
        when={job.latest}
        fallback={
          <Show when={job.error} fallback={<Spinner label={t("tech.loading")} />}>
            <p class="alert alert-error">{errorMessage(job.error)}</p>
            <p class="tech-sub">{t("tech.notCached")}</p>
          </Show>
        }
      >
        {(current) => (
          <article class="tech-detail">
            <header class="tech-detail-head">
              <p class="tech-job-time">{slotOf(current())}</p>
              <h1 class="tech-title">
                {current().number} · {current().title}
              </h1>
              <Badge tone={statusTone[status()]}>{t(`tech.status.${status()}`)}</Badge>
              <Show when={pending().length > 0}>
                <p class="tech-pending">{t("tech.job.pendingHere", pending().length)}</p>
              </Show>
            </header>
            <dl class="tech-facts">
              <Show when={current().customer}>
                {(customer) => (
                  <div>
                    <dt>{t("tech.job.customer")}</dt>
                    <dd>
                      {customer().name}
                      <Show when={customer().phone}>
                        {" · "}
                        <a href={`tel:${customer().phone}`}>{t("tech.job.call", { name: customer().phone ?? "" })}</a>
                      </Show>
                    </dd>
                  </div>
                )}
              </Show>
              <Show when={current().address}>
                <div>
                  <dt>{t("tech.job.address")}</dt>
                  <dd>
                    {addressText(current().address)}
                    <Show when={mapsHref(current())}>
                      {(href) => (
                        <a class="btn btn-secondary tech-maps" href={href()} target="_blank" rel="noopener noreferrer">
                          {t("tech.job.directions")}
                        </a>
                      )}
                    </Show>
                  </dd>
                </div>
              </Show>
              <Show when={current().accessNotes}>
                <div class="tech-access">
                  <dt>{t("tech.job.accessNotes")}</dt>
                  <dd>{current().accessNotes}</dd>
                </div>
              </Show>
              <Show when={current().description}>
                <div>
                  <dt>{t("tech.job.description")}</dt>
                  <dd>{current().description}</dd>
                </div>
              </Show>
              <Show when={current().assignees.length > 0}>
                <div>
                  <dt>{t("tech.job.assignees")}</dt>
                  <dd>
                    <For each={current().assignees}>
                      {(person, index) => (
                        <>
                          {index() > 0 ? ", " : ""}
                          {person.name}
                          {person.isPrimary ? ` (${t("tech.job.primary")})` : ""}
                        </>
                      )}
                    </For>
                  </dd>
                </div>
              </Show>
            </dl>
            <NotesPanel job={current()} pending={pending()} />
            <PhotosPanel job={current()} pending={pending()} />
            <SignaturePanel job={current()} pending={pending()} />
            <TimePanel job={current()} />
            <MaterialsPanel job={current()} />
            <SerialsPanel job={current()} pending={pending()} />
            <FieldActions job={current()} status={status()} pending={pending()} />
          </article>
        )}
      </Show>
    </>
  );
}
