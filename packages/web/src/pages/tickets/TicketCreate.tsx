export function TicketCreatePage() {
  return <p>Coming soon</p>;
}
