import { createSignal, Show } from "solid-js";
import { errorMessage } from "../api";
import { t } from "../i18n";
import { online } from "./device";
import { profile, setSharing } from "./location";

/**
 * The technician's consent to share their location: a switch, off until they turn it on, shown only
 * to a technician with a dispatch profile. Changing it needs the network (the server keeps the consent);
 * while on, the phone sends position pings and puts its position on job actions.
 */
export function SharingToggle() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const change = async (enabled: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await setSharing(enabled);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={profile()}>
      {(mine) => (
        <div class="tech-share">
          <label class="tech-share-label">
            <input
              type="checkbox"
              role="switch"
              aria-checked={mine().locationSharing}
              checked={mine().locationSharing}
              disabled={busy() || !online()}
              aria-describedby="tech-share-hint"
              onChange={(e) => void change(e.currentTarget.checked)}
              data-testid="location-sharing"
            />
            <span>{t("tech.sharing.label")}</span>
          </label>
          <p id="tech-share-hint" class="tech-share-hint">
            {mine().locationSharing ? t("tech.sharing.on") : t("tech.sharing.off")}
          </p>
          <Show when={error()}>
            <p class="alert alert-error" role="alert">
              {error()}
            </p>
          </Show>
        </div>
      )}
    </Show>
  );
}
