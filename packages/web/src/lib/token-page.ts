import { createSignal, onCleanup, onMount } from "solid-js";
import { ApiError, errorMessage } from "../api";
import { takeFragmentToken } from "../components/account/password";

/**
 * The shared half of every public single-use link page (track my visit, resolution confirm, quote
 * link): the token is taken from the fragment (and dropped from the address bar at once), looked up,
 * and a 404 becomes the page's own "not valid any more" line. Another link pasted into the tab changes
 * only the fragment, so `hashchange` starts over (`onReset` clears the page's own state first).
 */
export function createTokenLookup<T>(options: {
  lookup: (token: string) => Promise<T>;
  invalid: () => string;
  onReset?: () => void;
}) {
  const [token, setToken] = createSignal(takeFragmentToken());
  const [info, setInfo] = createSignal<T>();
  const [loadError, setLoadError] = createSignal<string>();

  const reload = async () => {
    const current = token();
    if (!current) return;
    try {
      const value = await options.lookup(current);
      setInfo(() => value);
      setLoadError(undefined);
    } catch (failure) {
      setLoadError(failure instanceof ApiError && failure.status === 404 ? options.invalid() : errorMessage(failure));
    }
  };
  onMount(() => void reload());

  const onHashChange = () => {
    const next = takeFragmentToken();
    if (!next) return;
    setToken(next);
    setInfo(() => undefined);
    setLoadError(undefined);
    options.onReset?.();
    void reload();
  };
  window.addEventListener("hashchange", onHashChange);
  onCleanup(() => window.removeEventListener("hashchange", onHashChange));

  return { token, info, setInfo: (value: T) => setInfo(() => value), loadError, reload };
}
