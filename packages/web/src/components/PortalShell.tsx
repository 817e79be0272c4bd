import { A, type RouteSectionProps } from "@solidjs/router";
import { For, type JSX } from "solid-js";
import { type PortalName, portalBase } from "../api";
import { AppFrame } from "./AppFrame";
import { ActivityIcon, DatabaseIcon, InboxIcon, ShieldIcon, UserIcon } from "./icons";

export type OuterPortal = Exclude<PortalName, "staff">;

export const portalLabels: Record<OuterPortal, string> = {
  customer: "Customer portal",
  reseller: "Reseller portal",
  vendor: "Vendor portal",
};

interface NavItem {
  href: string;
  label: string;
  icon: () => JSX.Element;
  end?: boolean;
}

/** Each portal's sections; the first is the portal's home. */
const navOf: Record<OuterPortal, NavItem[]> = {
  customer: [
    { href: "/customer", label: "My service", icon: ActivityIcon, end: true },
    { href: "/customer/tickets", label: "Support tickets", icon: InboxIcon },
    { href: "/customer/security", label: "Security", icon: ShieldIcon },
  ],
  reseller: [
    { href: "/reseller", label: "Organisations", icon: DatabaseIcon, end: true },
    { href: "/reseller/subscribers", label: "Subscribers", icon: ActivityIcon },
    { href: "/reseller/users", label: "Users", icon: UserIcon },
    { href: "/reseller/security", label: "Security", icon: ShieldIcon },
  ],
  vendor: [
    { href: "/vendor", label: "Organisation", icon: DatabaseIcon, end: true },
    { href: "/vendor/users", label: "Users", icon: UserIcon },
    { href: "/vendor/security", label: "Security", icon: ShieldIcon },
  ],
};

/** The signed-in customer, reseller or vendor portal: the shared frame with this portal's sections. */
export function PortalShell(props: RouteSectionProps & { portal: OuterPortal }) {
  return (
    <AppFrame
      portal={props.portal}
      home={portalBase(props.portal)}
      tag={portalLabels[props.portal]}
      name={`the ${portalLabels[props.portal].toLowerCase()}`}
      nav={
        <ul class="nav-list">
          <For each={navOf[props.portal]}>
            {(item) => (
              <li>
                <A href={item.href} class="nav-link" activeClass="active" end={item.end ?? false}>
                  <item.icon />
                  {item.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      }
    >
      {props.children}
    </AppFrame>
  );
}
