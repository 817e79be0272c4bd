import { createSignal, For, Show } from "solid-js";
import { JSON_HEADERS, send } from "../../api";
import { type Detail, endpoint, type PermissionGroups } from "../../components/access";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { t } from "../../i18n";

/**
 * The drawer's actions that apply at once: direct grants (staff only), the password-change flag,
 * a fresh invitation, MFA reset, deactivation. Each reports through `onDone` or `onError`.
 */
export function UserActions(props: {
  user: Detail;
  groups: PermissionGroups;
  onDone: (message: string) => Promise<void>;
  /** A failure to show (a message or what was thrown), or undefined to clear it. */
  onError: (failure: unknown) => void;
}) {
  const [saving, setSaving] = createSignal<string>();
  const param = () => ({ id: props.user.id });

  /** Runs one change; a failure is shown by the drawer and thrown on, so ConfirmAction keeps its question open. */
  const act = async (what: string, done: string, change: () => Promise<unknown>) => {
    setSaving(what);
    props.onError(undefined);
    try {
      await change();
      await props.onDone(done);
    } catch (failure) {
      props.onError(failure);
    } finally {
      setSaving(undefined);
    }
  };

  const addGrant = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const permission = String(new FormData(form).get("permission") ?? "");
    if (!permission) {
      props.onError(t("admin.drawer.chooseFirst"));
      return;
    }
    void act("grant", t("admin.drawer.granted", { permission }), async () => {
      await send(endpoint[":id"].grants.$post({ param: param(), json: { permission } }));
      form.reset();
    });
  };

  const held = () => new Set(props.user.grants.map((g) => g.permission));

  return (
    <>
      <Show when={props.user.portal === "staff"}>
        <section class="drawer-section" aria-labelledby="drawer-grants">
          <h3 id="drawer-grants" class="drawer-section-title">
            {t("admin.drawer.grants")}
          </h3>
          <p class="muted">{t("admin.drawer.grantsSub")}</p>
          <Show when={props.user.grants.length > 0} fallback={<p class="muted">{t("admin.drawer.noGrants")}</p>}>
            <ul class="grant-list">
              <For each={props.user.grants}>
                {(g) => (
                  <li>
                    <code>{g.permission}</code>
                    <button
                      type="button"
                      class="btn btn-secondary btn-small"
                      aria-label={t("admin.drawer.removeGrant", { permission: g.permission })}
                      disabled={saving() === `revoke:${g.permission}`}
                      onClick={() =>
                        act(`revoke:${g.permission}`, t("admin.drawer.removed", { permission: g.permission }), () =>
                          send(
                            endpoint[":id"].grants[":permission"].$delete(
                              { param: { ...param(), permission: g.permission } },
                              JSON_HEADERS,
                            ),
                          ),
                        )
                      }
                    >
                      {t("kit.remove")}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <form class="field inline-form" onSubmit={addGrant}>
            <label for="drawer-grant" class="sr-only">
              {t("admin.drawer.permission")}
            </label>
            <select id="drawer-grant" name="permission">
              <option value="">{t("admin.drawer.choose")}</option>
              <For each={props.groups}>
                {(group) => (
                  <optgroup label={group.area}>
                    <For each={group.permissions.filter((p) => !held().has(p))}>
                      {(p) => <option value={p}>{p}</option>}
                    </For>
                  </optgroup>
                )}
              </For>
            </select>
            <button type="submit" class="btn btn-secondary" disabled={saving() === "grant"}>
              {saving() === "grant" ? t("admin.drawer.granting") : t("admin.drawer.grant")}
            </button>
          </form>
        </section>
      </Show>

      <section class="drawer-section" aria-labelledby="drawer-security">
        <h3 id="drawer-security" class="drawer-section-title">
          {t("admin.drawer.security")}
        </h3>
        <label class="check" for="drawer-must-change">
          <input
            id="drawer-must-change"
            class="check-box"
            type="checkbox"
            checked={props.user.mustChangePassword}
            disabled={props.user.invited || saving() === "password"}
            onChange={(e) => {
              const mustChangePassword = e.currentTarget.checked;
              void act(
                "password",
                mustChangePassword ? t("admin.drawer.mustChangeOn") : t("admin.drawer.mustChangeOff"),
                () => send(endpoint[":id"].$patch({ param: param(), json: { mustChangePassword } })),
              );
            }}
          />
          <span>
            {t("admin.drawer.requireChange")}
            <span class="sub">
              {props.user.invited ? t("admin.drawer.noPasswordYet") : t("admin.drawer.mustChooseNew")}
            </span>
          </span>
        </label>
        <div class="button-row drawer-actions">
          <Show when={props.user.invited && !props.user.deactivatedAt}>
            <button
              type="button"
              class="btn btn-secondary"
              disabled={saving() === "invite"}
              onClick={() =>
                act("invite", t("admin.drawer.resent", { email: props.user.email }), () =>
                  send(endpoint[":id"].invitation.$post({ param: param() }, JSON_HEADERS)),
                )
              }
            >
              {saving() === "invite" ? t("admin.drawer.sending") : t("admin.drawer.resend")}
            </button>
          </Show>
          <Show when={props.user.mfaEnabled}>
            <ConfirmAction
              label={t("admin.drawer.resetMfa")}
              prompt={t("admin.drawer.resetMfaPrompt")}
              confirmLabel={t("admin.drawer.confirmReset")}
              busyLabel={t("admin.drawer.resetting")}
              danger
              run={() =>
                act("mfa", t("admin.drawer.mfaReset"), () =>
                  send(endpoint[":id"].mfa.reset.$post({ param: param() }, JSON_HEADERS)),
                )
              }
            />
          </Show>
          <Show
            when={props.user.deactivatedAt}
            fallback={
              <ConfirmAction
                label={t("admin.drawer.deactivate")}
                prompt={t("admin.drawer.deactivatePrompt")}
                confirmLabel={t("admin.drawer.confirmDeactivate")}
                busyLabel={t("admin.drawer.deactivating")}
                danger
                run={() =>
                  act("deactivate", t("admin.drawer.deactivated"), () =>
                    send(endpoint[":id"].deactivate.$post({ param: param() }, JSON_HEADERS)),
                  )
                }
              />
            }
          >
            <button
              type="button"
              class="btn btn-secondary"
              disabled={saving() === "reactivate"}
              onClick={() =>
                act("reactivate", t("admin.drawer.reactivated"), () =>
                  send(endpoint[":id"].reactivate.$post({ param: param() }, JSON_HEADERS)),
                )
              }
            >
              {saving() === "reactivate" ? t("admin.drawer.reactivating") : t("admin.drawer.reactivate")}
            </button>
          </Show>
        </div>
      </section>
    </>
  );
}
