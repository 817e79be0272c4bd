import { createSignal, Show } from "solid-js";
import { authApi, errorMessage, type PortalName, type Session } from "../../api";
import { t } from "../../i18n";
import { UserIcon } from "../icons";
import { ErrorAlert } from "../kit/Alert";
import { ConfirmAction } from "../kit/ConfirmAction";
import { type Column, DataTable } from "../kit/DataTable";
import { Badge, RelativeTime } from "../ui";

/** "Mozilla/5.0 (X11; Linux x86_64) … Chrome/140…" → "Chrome on Linux": enough to recognise a device. */
export function describeAgent(agent: string | null): string {
  if (!agent) return t("account.sessions.unknownDevice");
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Firefox\//.test(agent)
      ? "Firefox"
      : /Chrome\//.test(agent)
        ? "Chrome"
        : /Safari\//.test(agent)
          ? "Safari"
          : undefined;
  const os = /Android/.test(agent)
    ? "Android"
    : /iPhone|iPad/.test(agent)
      ? "iOS"
      : /Windows/.test(agent)
        ? "Windows"
        : /Mac OS X/.test(agent)
          ? "macOS"
          : /Linux/.test(agent)
            ? "Linux"
            : undefined;
  if (browser && os) return t("account.sessions.agent", { browser, os });
  return browser ?? os ?? agent.slice(0, 60);
}

function sessionColumns(now: () => number, revoke: (s: Session) => Promise<void>): Column<Session>[] {
  return [
    {
      id: "device",
      header: t("account.sessions.col.device"),
      rowHeader: true,
      cell: (s) => (
        <div>
          {describeAgent(s.userAgent)}{" "}
          <Show when={s.current}>
            <Badge tone="success">{t("account.sessions.thisDevice")}</Badge>
          </Show>
          <span class="sub" title={s.userAgent ?? undefined}>
            {s.userAgent ? s.userAgent.slice(0, 80) : t("account.sessions.noAgent")}
          </span>
        </div>
      ),
    },
    {
      id: "ip",
      header: t("account.sessions.col.ip"),
      class: "nowrap",
      cell: (s) => s.ip ?? <span class="muted">{t("account.sessions.unknown")}</span>,
    },
    {
      id: "signedIn",
      header: t("account.sessions.col.signedIn"),
      class: "nowrap",
      cell: (s) => <RelativeTime at={s.createdAt} now={now()} />,
    },
    {
      id: "used",
      header: t("account.sessions.col.used"),
      class: "nowrap",
      cell: (s) => <RelativeTime at={s.lastUsedAt} now={now()} />,
    },
    {
      id: "actions",
      header: <span class="sr-only">{t("account.sessions.col.actions")}</span>,
      label: t("account.sessions.col.actions"),
      class: "nowrap",
      cell: (s) => (
        <ConfirmAction
          label={s.current ? t("account.sessions.signOut") : t("account.sessions.revoke")}
          prompt={s.current ? t("account.sessions.signOutThis") : t("account.sessions.signOutThat")}
          confirmLabel={t("account.sessions.confirm")}
          danger
          quiet
          busyLabel={t("account.sessions.revoking")}
          run={() => revoke(s)}
        />
      ),
    },
  ];
}

/** Where the account is signed in, newest first, each with a way to end it. */
export function SessionsTable(props: {
  portal: PortalName;
  items: Session[] | undefined;
  loading: boolean;
  error: string | undefined;
  onRetry: () => void;
  now: () => number;
  onRevoked: (current: boolean) => void;
}) {
  const [error, setError] = createSignal<string>();
  const revoke = async (s: Session) => {
    setError(undefined);
    try {
      await authApi(props.portal).revokeSession(s.id);
      props.onRevoked(s.current);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <>
      <ErrorAlert message={error() && t("account.sessions.revokeFailed", { error: error() ?? "" })} />
      <DataTable
        class="sessions-table"
        labelledBy="sessions-title"
        columns={sessionColumns(props.now, revoke)}
        rows={props.items}
        rowKey={(s) => s.id}
        loading={props.loading}
        error={props.error}
        errorTitle={t("account.sessions.loadFailed")}
        onRetry={props.onRetry}
        skeletonRows={2}
        empty={{ icon: <UserIcon />, title: t("account.sessions.empty") }}
      />
    </>
  );
}
