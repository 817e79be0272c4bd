import { A, type RouteSectionProps } from "@solidjs/router";
import { Show } from "solid-js";
import { can, isAdmin } from "../session";
import { AppFrame } from "./AppFrame";
import { ActivityIcon, BookIcon, InboxIcon, KeyIcon, ShieldIcon, UserIcon } from "./icons";
import { BellIcon, MailIcon, NotificationBell } from "./NotificationBell";

/** The signed-in staff app: the shared frame with the sections this user's permissions open. */
export function Shell(props: RouteSectionProps) {
  return (
    <AppFrame
      portal="staff"
      home="/"
      name="DotMac CRM"
      actions={<NotificationBell />}
      nav={
        <>
          <p class="nav-heading" id="nav-operations">
            Operations
          </p>
          <ul class="nav-list" aria-labelledby="nav-operations">
            <Show when={can("support:ticket:read")}>
              <li>
                <A href="/support" class="nav-link" activeClass="active">
                  <ActivityIcon />
                  Support dashboard
                </A>
              </li>
              <li>
                <A href="/tickets" class="nav-link" activeClass="active">
                  <InboxIcon />
                  Tickets
                </A>
              </li>
            </Show>
            <Show when={can("system:monitoring:read")}>
              <li>
                <A href="/status" class="nav-link" activeClass="active">
                  <ActivityIcon />
                  System status
                </A>
              </li>
            </Show>
          </ul>
          <p class="nav-heading" id="nav-administration">
            Administration
          </p>
          <ul class="nav-list" aria-labelledby="nav-administration">
            <Show when={can("system:settings:read")}>
              <li>
                <A href="/settings/tickets" class="nav-link" activeClass="active">
                  <InboxIcon />
                  Ticket settings
                </A>
              </li>
              <li>
                <A href="/settings/sla" class="nav-link" activeClass="active">
                  <ShieldIcon />
                  SLA policies
                </A>
              </li>
            </Show>
            <Show when={can("auth:manage")}>
              <li>
                <A href="/users" class="nav-link" activeClass="active">
                  <UserIcon />
                  Users
                </A>
              </li>
            </Show>
            <Show when={can("rbac:roles:read")}>
              <li>
                <A href="/roles" class="nav-link" activeClass="active">
                  <ShieldIcon />
                  Roles
                </A>
              </li>
            </Show>
            <Show when={can("audit:read")}>
              <li>
                <A href="/audit" class="nav-link" activeClass="active">
                  <ShieldIcon />
                  Audit log
                </A>
              </li>
            </Show>
            <Show when={can("auth:manage")}>
              <li>
                <A href="/api-keys" class="nav-link" activeClass="active">
                  <KeyIcon />
                  API keys
                </A>
              </li>
            </Show>
          </ul>
          <p class="nav-heading" id="nav-account">
            Account
          </p>
          <ul class="nav-list" aria-labelledby="nav-account">
            <li>
              <A href="/profile" class="nav-link" activeClass="active">
                <UserIcon />
                Profile
              </A>
            </li>
            <li>
              <A href="/notifications" class="nav-link" activeClass="active">
                <BellIcon />
                Notifications
              </A>
            </li>
          </ul>
          <p class="nav-heading" id="nav-developers">
            Developers
          </p>
          <ul class="nav-list" aria-labelledby="nav-developers">
            <li>
              <a href="/api/docs" class="nav-link" rel="external">
                <BookIcon />
                API reference
              </a>
            </li>
            <Show when={isAdmin()}>
              <li>
                <A href="/dev/mailbox" class="nav-link" activeClass="active">
                  <MailIcon />
                  Mailbox
                </A>
              </li>
            </Show>
          </ul>
        </>
      }
    >
      {props.children}
    </AppFrame>
  );
}
