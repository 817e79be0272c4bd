import type { auth as en } from "../en/auth";

export const auth: typeof en = {
  signIn: "Se connecter",
  signInTitle: "Connexion · {{ portal }}",
  twoFactor: "Authentification à deux facteurs",
  passwordChanged:
    "Votre mot de passe a été changé et tous les appareils ont été déconnectés. Connectez-vous avec le nouveau mot de passe.",
  passwordReset: "Votre mot de passe est défini. Connectez-vous avec lui maintenant.",
  signedOut: "Cet appareil a été déconnecté.",
  continueTo: "Connectez-vous pour accéder à la page demandée.",
  email: "E-mail",
  password: "Mot de passe",
  forgot: "Mot de passe oublié ?",
  signingIn: "Connexion…",
  noPassword: "Pas de mot de passe ?",
  magicLink: "Recevoir un lien de connexion par e-mail",
  codeHint: "Saisissez le code à 6 chiffres de votre application d’authentification.",
  recoveryHint:
    "Saisissez l’un des codes de secours enregistrés lors de l’activation de l’authentification à deux facteurs. Chacun ne sert qu’une fois.",
  recoveryCode: "Code de secours",
  authCode: "Code d’authentification",
  verify: "Vérifier",
  verifying: "Vérification…",
  useApp: "Utiliser plutôt le code de l’application",
  useRecovery: "Utiliser un code de secours",
  startOver: "Recommencer",
};
