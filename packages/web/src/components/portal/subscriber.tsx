import { Show } from "solid-js";
import { t } from "../../i18n";
import type { PortalSubscriber } from "../../portal-api";
import { Badge, type Tone } from "../ui";

export const subscriberTone: Record<PortalSubscriber["status"], Tone> = {
  active: "success",
  suspended: "danger",
  pending: "warning",
  terminated: "neutral",
};

/** A subscriber's status as a badge, in the reader's language. */
export const StatusBadge = (props: { status: PortalSubscriber["status"] }) => (
  <Badge tone={subscriberTone[props.status]}>{t(`portal.subscriberStatus.${props.status}`)}</Badge>
);

/** One line per part of the address, as it would be written on an envelope. */
export function Address(props: { address: PortalSubscriber["serviceAddress"] }) {
  return (
    <Show when={props.address} fallback={<span class="muted">{t("portal.noAddress")}</span>}>
      {(a) => (
        <address class="address">
          <span>{a().line1}</span>
          <Show when={a().line2}>
            <span>{a().line2}</span>
          </Show>
          <span>{[a().city, a().region, a().postalCode].filter(Boolean).join(", ")}</span>
          <span>{a().country}</span>
        </address>
      )}
    </Show>
  );
}
