/** The customer's satisfaction survey after a conversation is resolved (public page, link from the chat). */
export const csat = {
  title: "How did we do?",
  sub: "Rate the help you got. It takes a second and goes straight to the team.",
  broken: "This survey link is incomplete. Open it again from your latest message.",
  checking: "Checking your link…",
  about: "About your conversation on {{ channel }}",
  question: "Your rating",
  ratings: {
    "1": "1 — Very unhappy",
    "2": "2 — Unhappy",
    "3": "3 — Neutral",
    "4": "4 — Happy",
    "5": "5 — Very happy",
  },
  comment: "Anything to add? (optional)",
  send: "Send my rating",
  sending: "Sending…",
  pick: "Pick a rating from 1 to 5 first",
  thanks: "Thank you: your rating of {{ rating }} out of 5 reached the team.",
  answered: "This survey was already answered. Thank you!",
  expired: "This survey link has expired.",
  invalid: "This survey link is not known. Use the link from your latest message.",
};
