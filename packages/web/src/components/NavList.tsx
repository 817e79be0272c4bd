import { A } from "@solidjs/router";
import { For, type JSX, Show } from "solid-js";

export interface NavItem {
  href: string;
  label: () => string;
  icon: () => JSX.Element;
  /** Active only on exactly this path (a portal's home). */
  end?: boolean;
  /** A link out of the app (the API reference). */
  external?: boolean;
  /** Shown only when this returns true (the user's permissions). */
  when?: () => boolean;
  /** A count beside the label (unread conversations), with its spoken form. */
  badge?: () => { count: number; label: string } | undefined;
}

/** One group of the side navigation, named by its heading when it has one. */
export function NavList(props: { id?: string; heading?: string; items: NavItem[] }) {
  const visible = () => props.items.filter((item) => item.when?.() ?? true);
  // A group the user can open nothing in is left out, heading and all.
  return (
    <Show when={visible().length > 0}>
      <Show when={props.heading}>
        <p class="nav-heading" id={props.id}>
          {props.heading}
        </p>
      </Show>
      <ul class="nav-list" aria-labelledby={props.heading ? props.id : undefined}>
        <For each={visible()}>
          {(item) => (
            <li>
              <Show
                when={!item.external}
                fallback={
                  <a href={item.href} class="nav-link" rel="external">
                    <item.icon />
                    {item.label()}
                  </a>
                }
              >
                <A href={item.href} class="nav-link" activeClass="active" end={item.end ?? false}>
                  <item.icon />
                  {item.label()}
                  <Show when={item.badge?.()}>
                    {(b) => (
                      <span class="nav-badge">
                        <span aria-hidden="true">{b().count}</span>
                        <span class="sr-only">{b().label}</span>
                      </span>
                    )}
                  </Show>
                </A>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
