export { answerAdmission } from "./admission.ts";
export { chatRouter, widgetRouter } from "./router.ts";
export { answerUnansweredMessages } from "./unanswered.ts";
