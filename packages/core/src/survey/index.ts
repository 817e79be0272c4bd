/**
 * The survey domain's one front door: surveys (rating, NPS, multiple choice, free text) and their
 * status, public answers by slug or single-use invitation, invitations sent when a ticket closes or a
 * work order completes, and the results.
 */
export { expireInvitations, invitationLink, inviteFor } from "./invite";
export { lookup, PublicSurvey, RESPONSES_PER_HOUR, respond } from "./respond";
export { npsOf, QuestionResult, Results, results } from "./results";
export { create, get, list, Question, SurveyInfo, setStatus, update } from "./surveys";
export { invitationSources, questionKinds, surveyStatuses, surveyTriggers } from "./values";
