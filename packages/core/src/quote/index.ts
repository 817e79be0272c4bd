/**
 * Quotes and the sales orders accepted quotes become. A quote's figures are exact (platform/money);
 * its PDF (platform/pdf, lazy) and HTML preview share one rendering; the customer answers in the
 * portal or through a single-use link, and acceptance makes the customer, wins the lead, creates the
 * order and the project in one transaction, once.
 */

export {
  AcceptFields,
  acceptByLink,
  acceptMine,
  CustomerInfo,
  getMine,
  LinkView,
  listMine,
  pdfByLink,
  pdfMine,
  RejectFields,
  rejectByLink,
  rejectMine,
  viewByLink,
} from "./decide";
export { documentOf, quoteHtml } from "./document";
export { Events } from "./events";
export { expireDue } from "./expire";
export * as Order from "./order";
export {
  create,
  DEFAULT_TERMS_VERSION,
  get,
  LineInput,
  ListInput,
  list,
  remove,
  Summary,
  update,
} from "./quote";
export { acceptLink, pdf, preview, type QuoteFile, renderQuotePdf, SendInput, send } from "./send";
export { Info, LineInfo, ORDER_NUMBERS, QUOTE_NUMBERS } from "./shared";
export * from "./values";
