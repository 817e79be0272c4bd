export function SupportDashboardPage() {
  return <p>Coming soon</p>;
}
