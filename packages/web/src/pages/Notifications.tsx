export function NotificationsPage() {
  return <p>Coming soon</p>;
}
