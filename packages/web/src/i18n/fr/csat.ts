import type { csat as en } from "../en/csat";

/** L'enquête de satisfaction après la résolution d'une conversation. */
export const csat: typeof en = {
  title: "Comment nous en sommes-nous sortis ?",
  sub: "Notez l’aide reçue. Cela prend une seconde et va directement à l’équipe.",
  broken: "Ce lien d’enquête est incomplet. Rouvrez-le depuis votre dernier message.",
  checking: "Vérification du lien…",
  about: "À propos de votre conversation sur {{ channel }}",
  question: "Votre note",
  ratings: {
    "1": "1 — Très mécontent",
    "2": "2 — Mécontent",
    "3": "3 — Neutre",
    "4": "4 — Satisfait",
    "5": "5 — Très satisfait",
  },
  comment: "Quelque chose à ajouter ? (facultatif)",
  send: "Envoyer ma note",
  sending: "Envoi…",
  pick: "Choisissez d’abord une note de 1 à 5",
  thanks: "Merci : votre note de {{ rating }} sur 5 est parvenue à l’équipe.",
  answered: "Cette enquête a déjà reçu une réponse. Merci !",
  expired: "Ce lien d’enquête a expiré.",
  invalid: "Ce lien d’enquête est inconnu. Utilisez le lien de votre dernier message.",
};
