import { For, Show } from "solid-js";
import { dateTimeShort } from "../../format";
import { t } from "../../i18n";
import type { Requests } from "./model";

/** Customers' reschedule requests from their tracking links, until a dispatcher marks them handled. */
export function RequestsPanel(props: {
  items: Requests;
  onHandled: (linkId: string) => void;
  onShow: (workOrderId: string) => void;
}) {
  return (
    <section class="card dsp-requests" aria-labelledby="dsp-requests-title">
      <h2 id="dsp-requests-title">
        {t("board.requests")} <span class="badge badge-neutral">{props.items.length}</span>
      </h2>
      <Show when={props.items.length > 0} fallback={<p class="muted">{t("board.requestsEmpty")}</p>}>
        <ul class="dsp-request-list">
          <For each={props.items}>
            {(r) => (
              <li class="dsp-request">
                <p>
                  <strong>{t("board.requestLine", { number: r.workOrderNumber })}</strong>
                </p>
                <Show when={r.reschedule}>
                  {(x) => (
                    <>
                      <blockquote>{x().reason}</blockquote>
                      <Show when={x().preferredAt}>
                        {(at) => <p class="muted">{t("board.requestPreferred", { when: dateTimeShort(at()) })}</p>}
                      </Show>
                    </>
                  )}
                </Show>
                <div class="dsp-request-actions">
                  <button type="button" class="btn btn-secondary btn-small" onClick={() => props.onShow(r.workOrderId)}>
                    {r.workOrderNumber}
                  </button>
                  <button type="button" class="btn btn-secondary btn-small" onClick={() => props.onHandled(r.linkId)}>
                    {t("board.handled")}
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
