// The few facts about messages a visitor's client needs, in a module without zod: the widget
// bundles them on their own (schemas/chat.ts and schemas/events.ts re-export them).

export const MESSAGE_ROLES = ["VISITOR", "BOT", "AGENT", "SYSTEM", "NOTE"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];
/** Internal notes are for agents only; visitors see every other role. */
export type VisitorMessageRole = Exclude<MessageRole, "NOTE">;

export function isVisitorVisible<M extends { role: MessageRole }>(message: M): message is M & { role: VisitorMessageRole } {
  return message.role !== "NOTE";
}

/** The longest message a visitor can send; the widget counts down to it. */
export const MAX_MESSAGE_CHARS = 4000;
