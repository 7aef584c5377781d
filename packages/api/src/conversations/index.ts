export { agentKey, visitorMessageView } from "./agent-keys.ts";
export {
  appendMessageAndEvent,
  CONVERSATION_STATE_FIELDS,
  MACHINE_STATE_FIELDS,
  type AppendResult, type ConversationAfterAppend, type ConversationWrite, type NewMessage } from "./append-message.ts";
export { appendLoggedMessage, findOpenConversation, findOrStartConversation, listMessages, listVisitorMessages, type VisitorChatMessage } from "./conversations.ts";
export { conversationRouter } from "./router.ts";
export { assertOriginAllowed, findBotForVisitor, findVisitorSession, startVisitorSession, type PublicBot, type VisitorRef, type VisitorSession } from "./visitors.ts";
export { visitorProcedure } from "./visitor-procedure.ts";
export { identitySecretContext, userHashFor } from "./visitor-identity.ts";
