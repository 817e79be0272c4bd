import { For } from "solid-js";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { type Commission, commissionApi } from "./api";

const reasons = ["refunded", "cancelled"] as const;

/**
 * Reverses one commission whose order was refunded or cancelled outside the CRM (an order cancelled
 * here reverses itself): void if unpaid, otherwise a claw-back the reseller's next payout deducts.
 */
export function ReverseDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  commission: Commission | undefined;
  onDone: (c: Commission) => void;
}) {
  return (
    <DialogForm
      id="commission-reverse"
      ref={props.ref}
      title={t("commissions.reversal.title", { order: props.commission?.orderNumber ?? "" })}
      intro={t("commissions.reversal.intro")}
      submitLabel={t("commissions.reversal.submit")}
      danger
      submit={async (form) => {
        const id = props.commission?.id;
        if (!id) return;
        const reason = String(new FormData(form).get("reason") ?? "refunded") as (typeof reasons)[number];
        props.onDone(await commissionApi.reverse(id, reason));
      }}
    >
      {(errors) => (
        <Field id="commission-reverse-reason" label={t("commissions.reversal.reason")} error={errors.field("reason")}>
          {(aria) => (
            <select {...aria} name="reason" required>
              <For each={reasons}>{(r) => <option value={r}>{t(`commissions.reversal.reasons.${r}`)}</option>}</For>
            </select>
          )}
        </Field>
      )}
    </DialogForm>
  );
}
