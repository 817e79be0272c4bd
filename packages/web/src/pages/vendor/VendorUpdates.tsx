import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Panel } from "../../components/ui";
import { absoluteTime } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type VendorNotification, vendorApi } from "./api";

/**
 * What happened to the organisation's bids and as-builts (the signed-in user's notifications): a
 * revision asked for, a bid approved or turned down, an as-built accepted or rejected. Opening one reads it.
 */
export function VendorUpdates() {
  const list = createLoad(() => vendorApi.notifications());
  const open = (n: VendorNotification) => {
    if (!n.readAt) void vendorApi.markRead(n.id).catch(() => undefined);
  };
  return (
    <Panel
      id="vp-updates"
      class="vp-updates-panel"
      title={t("contracts.vendor.updates")}
      sub={t("contracts.vendor.updatesSub")}
    >
      <Show
        when={(list.data()?.items.length ?? 0) > 0}
        fallback={<p class="muted">{list.error() ?? t("contracts.vendor.noUpdates")}</p>}
      >
        <ul class="plain-list vp-updates">
          <For each={list.data()?.items}>
            {(n) => (
              <li classList={{ "vp-unread": !n.readAt }}>
                <A href={n.link ?? "/vendor/projects"} onClick={() => open(n)}>
                  {n.title}
                </A>
                <Show when={n.body}>
                  <span class="muted"> · {n.body}</span>
                </Show>
                <span class="muted vp-when"> · {absoluteTime(n.createdAt)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </Panel>
  );
}
