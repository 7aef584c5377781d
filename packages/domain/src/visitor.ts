// What a visitor's client (the widget, built on its own) takes from the domain: modules without
// zod or other dependencies, so it stays small. Everything here is also exported from the index.
export { isVisitorVisible, MAX_MESSAGE_CHARS, MESSAGE_ROLES, type MessageRole, type VisitorMessageRole } from "./schemas/message-basics";
export { fillTemplate } from "./escalation/explanations";
export { IMAGE_TYPES, type ImageType } from "./schemas/images";
export { EMAIL_PATTERN } from "./prechat/email";
