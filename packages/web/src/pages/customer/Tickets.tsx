export function CustomerTicketsPage() {
  return <p>Coming soon</p>;
}

export function CustomerTicketNewPage() {
  return <p>Coming soon</p>;
}

export function CustomerTicketDetailPage() {
  return <p>Coming soon</p>;
}
