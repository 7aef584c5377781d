export { agentPictureResponse } from "./agent-pictures.ts";
export { answerAdmission } from "./admission.ts";
export { chatThrottle } from "./throttle.ts";
export { chatRouter, widgetRouter } from "./router.ts";
export { botPageInfo, widgetFrameAncestors } from "./visitor-session.ts";
export { widgetConfigResponse } from "./widget-http.ts";
export { answerUnansweredMessages } from "./unanswered.ts";
export { sendVisitorMessage, type ChatStreamEvent } from "./answering.ts";
