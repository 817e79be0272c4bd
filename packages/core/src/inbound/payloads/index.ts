/**
 * The providers' payload readers (schemas and their mapping to our verbs), for the API's OpenAPI
 * document and the tests. The consumer (`@dotmac/core/inbound`) loads each with its first delivery, so
 * they are not re-exported there: a re-export would put every provider's schemas on its cold path.
 */
export * as Billing from "../billing";
export * as Meta from "../meta";
export * as MetaMessaging from "../meta-messaging";
export * as MetaWhatsApp from "../meta-whatsapp";
