/**
 * Time, cost and expenses: worklogs on work orders, cost and billing rates by period, cost summaries per
 * work order and project, and expense requests with their approval. One front door for the domain.
 */

export { Events } from "./events";
export * as Expense from "./expense";
export * as Rates from "./rates";
export * as Summary from "./summary";
export * as Worklog from "./worklog";
