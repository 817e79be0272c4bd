import type { BulkResult } from "../../../components/tickets/api";
import { statusLabel, ticketStatuses } from "../../../components/tickets/labels";
import { orList } from "../../../format";
import { t } from "../../../i18n";

export type Refusal = BulkResult["failed"][number]["refused"][number];

/** A status key from the server in the reader's words; an unknown one as it came. */
const status = (key: string | undefined): string => {
  const known = ticketStatuses.find((s) => s === key);
  return known ? statusLabel(known) : (key ?? "");
};

/**
 * Why one part of a bulk change was refused, as a sentence in the reader's language: built from the
 * reason's key and values the API gives (never its English `detail`), else from the error code alone.
 */
export function refusalText(refusal: Refusal): string {
  const p = refusal.params;
  switch (refusal.reason) {
    case "transition_not_allowed": {
      const allowed = (p.allowed ?? "").split(",").filter(Boolean).map(status);
      const move = { from: status(p.from), to: status(p.to) };
      return allowed.length > 0
        ? t("tickets.bulk.reason.transition", { ...move, allowed: orList(allowed) })
        : t("tickets.bulk.reason.transitionNowhere", move);
    }
    case "note_required":
      return t("tickets.bulk.reason.noteRequired", { from: status(p.from), to: status(p.to) });
    case "merged":
      return t("tickets.bulk.reason.merged");
    case "permission":
      return t("tickets.bulk.reason.permission", { permission: p.permission ?? "" });
    case "take_only_unassigned":
      return t("tickets.bulk.reason.takeOnlyUnassigned");
    case "already_assigned":
      return t("tickets.bulk.reason.alreadyAssigned", { name: p.name ?? "" });
    case "not_staff":
      return t("tickets.bulk.reason.notStaff");
    case "team_unavailable":
      return t("tickets.bulk.reason.teamUnavailable");
    case null:
      return t(`tickets.bulk.code.${refusal.code}`);
  }
}
