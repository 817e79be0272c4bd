import type { RouteSectionProps } from "@solidjs/router";
import { type PortalName, portalBase } from "../api";
import { t } from "../i18n";
import { AppFrame } from "./AppFrame";
import { ActivityIcon, BookIcon, DatabaseIcon, InboxIcon, ShieldIcon, UserIcon } from "./icons";
import { type NavItem, NavList } from "./NavList";

export type OuterPortal = Exclude<PortalName, "staff">;

/** Each portal's sections; the first is the portal's home. */
const navOf: Record<OuterPortal, NavItem[]> = {
  customer: [
    { href: "/customer", label: () => t("nav.myService"), icon: ActivityIcon, end: true },
    { href: "/customer/tickets", label: () => t("nav.supportTickets"), icon: InboxIcon },
    { href: "/customer/quotes", label: () => t("nav.myQuotes"), icon: BookIcon },
    { href: "/customer/projects", label: () => t("nav.myProjects"), icon: ActivityIcon },
    { href: "/customer/security", label: () => t("nav.security"), icon: ShieldIcon },
  ],
  reseller: [
    { href: "/reseller", label: () => t("nav.organisations"), icon: DatabaseIcon, end: true },
    { href: "/reseller/subscribers", label: () => t("nav.subscribers"), icon: ActivityIcon },
    { href: "/reseller/tickets", label: () => t("nav.tickets"), icon: InboxIcon },
    { href: "/reseller/orders", label: () => t("nav.orders"), icon: BookIcon },
    { href: "/reseller/commissions", label: () => t("nav.commissions"), icon: ActivityIcon },
    { href: "/reseller/payouts", label: () => t("nav.payouts"), icon: BookIcon },
    { href: "/reseller/users", label: () => t("nav.users"), icon: UserIcon },
    { href: "/reseller/security", label: () => t("nav.security"), icon: ShieldIcon },
  ],
  vendor: [
    { href: "/vendor", label: () => t("nav.organisation"), icon: DatabaseIcon, end: true },
    { href: "/vendor/projects", label: () => t("nav.vendorProjects"), icon: ActivityIcon },
    { href: "/vendor/users", label: () => t("nav.users"), icon: UserIcon },
    { href: "/vendor/security", label: () => t("nav.security"), icon: ShieldIcon },
  ],
};

/** The signed-in customer, reseller or vendor portal: the shared frame with this portal's sections. */
export function PortalShell(props: RouteSectionProps & { portal: OuterPortal }) {
  return (
    <AppFrame
      portal={props.portal}
      home={portalBase(props.portal)}
      tag={t(`nav.portalLabels.${props.portal}`)}
      name={t(`nav.portalLoading.${props.portal}`)}
      nav={<NavList items={navOf[props.portal]} />}
    >
      {props.children}
    </AppFrame>
  );
}
