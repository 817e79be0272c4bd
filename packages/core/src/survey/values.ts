/** The survey domain's enumerated values, apart from its tables. */

export const surveyStatuses = ["draft", "active", "paused", "closed"] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** rating: 1–5 stars; nps: 0–10 "how likely to recommend"; choice: one of `options`; text: free text. */
export const questionKinds = ["rating", "nps", "choice", "text"] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** What sends a survey by itself: nothing (link only), a closed ticket, a completed work order. */
export const surveyTriggers = ["manual", "ticket_closed", "work_order_completed"] as const;
export type SurveyTrigger = (typeof surveyTriggers)[number];

export const invitationSources = ["ticket", "work_order", "manual"] as const;
export type InvitationSource = (typeof invitationSources)[number];
