import type { mail as en } from "../en/mail";

export const mail: typeof en = {
  mailbox: {
    title: "Boîte aux lettres",
    sub: "Les e-mails que le pilote local a écrits au lieu de les envoyer : pour le développement et les tests uniquement.",
    refresh: "Actualiser",
    notLocal: "Pas de boîte aux lettres locale ici.",
    loadFailed: "Impossible d’ouvrir la boîte aux lettres",
    empty: "La boîte aux lettres est vide",
    emptyBody:
      "Les invitations, réinitialisations de mot de passe et e-mails de notification apparaissent ici dès que l’application les envoie.",
    choose: "Choisissez un message pour le lire.",
    back: "← Tous les messages",
    from: "De",
    to: "À",
    sent: "Envoyé",
    showAs: "Afficher le message en",
    html: "HTML",
    text: "Texte brut",
    frame: "HTML de « {{ subject }} »",
  },
  deliveries: {
    title: "Envois d’e-mails",
    sub: "Les 20 derniers e-mails. Un envoi en échec est retenté après 1, 5, 30 minutes et 2 heures, puis abandonné ; un lien envoyé par e-mail est réémis à chaque nouvel essai.",
    attention: "{{ n }} demandent votre attention.",
    loadFailed: "Impossible de charger les envois d’e-mails",
    empty: "Aucun e-mail envoyé pour l’instant",
    emptyBody:
      "Les e-mails de notification et les liens envoyés (confirmation, invitation, réinitialisation, connexion) apparaissent ici avec leur état d’envoi.",
    col: {
      subject: "Objet",
      to: "À",
      status: "Statut",
      attempts: "Tentatives",
      error: "Dernière erreur",
      next: "Prochain essai",
      created: "Créé",
    },
    status: {
      pending: "En attente",
      sent: "Envoyé",
      failed: "Nouvel essai prévu",
      dead: "Abandonné",
      cancelled: "Plus nécessaire",
    },
  },
};
