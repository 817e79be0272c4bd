import type { teams as en } from "../en/teams";

/** Paramètres › équipes. */
export const teams: typeof en = {
  title: "Équipes",
  sub: "Les équipes auxquelles les tickets sont confiés. Formulaires et filtres proposent cette liste ; une équipe retirée reste sur les anciens tickets.",
  add: "Ajouter une équipe",
  edit: "Modifier l’équipe",
  editNamed: "Modifier {{ name }}",
  name: "Nom",
  namePlaceholder: "p. ex. NOC",
  description: "Description",
  descriptionHint: "Facultatif : qui en fait partie ou ce qu’elle traite.",
  save: "Enregistrer l’équipe",
  remove: "Retirer",
  removeNamed: "Retirer {{ name }}",
  removePrompt: "Retirer {{ name }} ? Les tickets la gardent ; les nouveaux tickets ne peuvent plus la choisir.",
  removeConfirm: "Retirer l’équipe",
  empty: "Aucune équipe",
  emptyBody: "Ajoutez les équipes qui traitent les tickets, comme le NOC ou les opérations terrain.",
  loadFailed: "Impossible de charger les équipes",
  actions: "Actions",
  customerVisible: "Visible des clients",
  customerVisibleLabel: "Les clients peuvent choisir {{ name }}",
};
