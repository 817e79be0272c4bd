import { Show } from "solid-js";
import { money } from "../../components/contracts/money";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { contractsApi, type StaffQuote } from "./api";

/** What a decision dialog is open for: a quote's decision, an as-built's rejection, an invoice's. */
export type Decision =
  | { kind: "revise" | "reject" | "approve"; quote: StaffQuote }
  | { kind: "rejectAsBuilt"; id: string; version: number }
  | { kind: "invoice"; id: string; number: string; decision: "rejected" | "revision_requested" }
  | { kind: "paid"; id: string; number: string };

/** The decisions that take words: revision request, rejections, and approval (with the crew's work order). */
export function DecisionDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  decision: Decision | undefined;
  onDone: (message: string) => void;
}) {
  const d = () => props.decision;
  const title = () => {
    const x = d();
    if (!x) return "";
    if (x.kind === "rejectAsBuilt") return t("contracts.asBuilt.reject", { n: String(x.version) });
    if (x.kind === "invoice") return t("contracts.invoice.decideTitle", { number: x.number });
    if (x.kind === "paid") return t("contracts.invoice.markPaid", { number: x.number });
    const vendor = x.quote.vendorName ?? x.quote.number;
    return t(`contracts.compare.${x.kind}`, { vendor });
  };
  const submit = async (form: HTMLFormElement) => {
    const x = d();
    if (!x) return;
    const data = new FormData(form);
    const text = String(data.get("text") ?? "").trim();
    if (x.kind === "approve") {
      const wo = String(data.get("workOrder") ?? "").trim();
      const q = await contractsApi.approve(x.quote.id, data.get("createWorkOrder") && wo ? [{ title: wo }] : []);
      props.onDone(
        q.status === "approved"
          ? t("contracts.approval.doneApproved", { number: q.number, n: String(q.workOrderIds.length) })
          : t("contracts.approval.doneFirst", { number: q.number }),
      );
      return;
    }
    if (x.kind === "paid") {
      const paid = await contractsApi.markPaid(x.id, text || undefined);
      props.onDone(t("contracts.invoice.paid", { number: paid.number }));
      return;
    }
    if (!text) throw invalid(x.kind === "revise" ? "note" : "reason", t("contracts.staff.needReason"));
    if (x.kind === "revise") await contractsApi.requestRevision(x.quote.id, text);
    else if (x.kind === "reject") await contractsApi.reject(x.quote.id, text);
    else if (x.kind === "rejectAsBuilt") await contractsApi.review(x.id, "reject", text);
    else if (x.kind === "invoice") await contractsApi.decideInvoice(x.id, x.decision, text);
    props.onDone(t("contracts.staff.decided"));
  };
  return (
    <DialogForm
      id="ip-decision"
      ref={props.ref}
      title={title()}
      submitLabel={
        d()?.kind === "approve"
          ? t("contracts.approval.confirm")
          : d()?.kind === "paid"
            ? t("contracts.invoice.confirmPaid")
            : t("contracts.staff.send")
      }
      danger={d()?.kind === "reject" || d()?.kind === "rejectAsBuilt"}
      submit={submit}
    >
      {(errors) => (
        <Show
          when={d()?.kind === "approve" ? d() : undefined}
          keyed
          fallback={
            <Field
              id="ip-decision-text"
              label={
                d()?.kind === "revise"
                  ? t("contracts.compare.whatToChange")
                  : d()?.kind === "paid"
                    ? t("contracts.invoice.paymentReference")
                    : t("contracts.staff.reason")
              }
              error={errors.field("note") ?? errors.field("reason") ?? errors.field("paymentReference")}
            >
              {(aria) =>
                d()?.kind === "paid" ? (
                  <input {...aria} name="text" maxLength={200} />
                ) : (
                  <textarea {...aria} name="text" required rows={4} maxLength={5000} />
                )
              }
            </Field>
          }
        >
          {(x) => (
            <>
              <p>
                {x.kind === "approve" && x.quote.needsSecondApproval && !x.quote.firstApprovedById
                  ? t("contracts.approval.firstOfTwo", { total: money(x.quote.totalMinor, x.quote.currency) })
                  : x.kind === "approve"
                    ? t("contracts.approval.final", { total: money(x.quote.totalMinor, x.quote.currency) })
                    : ""}
              </p>
              <label class="checkbox">
                <input type="checkbox" name="createWorkOrder" checked /> {t("contracts.approval.createWorkOrder")}
              </label>
              <Field id="ip-wo-title" label={t("contracts.approval.workOrderTitle")}>
                {(aria) => (
                  <input
                    {...aria}
                    name="workOrder"
                    maxLength={300}
                    value={
                      x.kind === "approve" ? t("contracts.approval.workOrderDefault", { number: x.quote.number }) : ""
                    }
                  />
                )}
              </Field>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}
