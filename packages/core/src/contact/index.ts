/**
 * The contact: a person with everything the CRM holds about them, above every domain that records a
 * `person_id`. `overview` is the contact page's one read; `merge` folds a duplicate in, records and all.
 */
export { MergeResult, merge, mergeRules } from "./merge";
export { Item, Overview, overview, SECTION_SIZE, Section, sectionNames } from "./overview";
