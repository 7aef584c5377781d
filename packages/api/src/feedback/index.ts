export { giveAnswerFeedback, rateConversation, visitorAnswerFeedback } from "./feedback.ts";
