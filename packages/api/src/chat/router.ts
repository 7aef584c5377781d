import {
  ZAnswerFeedbackRequest,
  ZBotPublicId,
  ZChooseSuggestionRequest,
  ZEndConversationRequest,
  ZLeaveContactRequest,
  ZRateRequest,
  ZSendMessageRequest,
  ZStartSessionRequest,
  ZSubmitPrechatRequest,
  ZVisitorEventsRequest,
  ZVisitorAgentsResponse,
  ZVisitorRequest,
} from "@kefu/domain";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { listVisitorMessages, visitorProcedure } from "../conversations/index.ts";
import { giveAnswerFeedback, rateConversation } from "../feedback/index.ts";
import { endConversation, followVisitorEvents, leaveContact, requestHuman, visitorTyping } from "../handoff/index.ts";
import { type LoggedEvent } from "../platform/events/event-log.ts";
import { eventLog } from "../platform/logger.ts";
import { publicProcedure, router } from "../platform/trpc.ts";
import { prechatRequired, submitPrechat } from "../prechat/index.ts";
import { visitorAgents, visitorEventAgents } from "./agent-pictures.ts";
import { sendVisitorMessage } from "./answering.ts";
import { chooseSuggestion } from "./suggestion-choice.ts";
import { startChat, widgetConfig } from "./visitor-session.ts";

/** What the visitor's stream sends: the event without tenant, audience or conversation; type and payload stay one union. */
function visitorEventView({ seq, tenantId: _tenantId, audience: _audience, conversationId: _conversationId, ...event }: LoggedEvent) {
  return { seq: seq.toString(), ...event };
}

/** The widget's configuration: public, by the bot's public id. */
export const widgetRouter = router({
  config: publicProcedure.input(z.object({ botId: ZBotPublicId })).query(({ ctx, input }) => widgetConfig(ctx.db, input.botId, ctx.origin)),
});

/** A visitor call that starts or carries on a conversation: refused until the bot's pre-chat form is sent. */
const chattingProcedure = visitorProcedure.use(({ ctx, next }) => {
  if (ctx.visitor.prechat) throw prechatRequired(ctx.visitor.prechat);
  return next();
});

/** A visitor's chat with one bot: session, messages, handoff requests and live events. */
export const chatRouter = router({
  start: publicProcedure.input(ZStartSessionRequest).mutation(({ ctx, input }) => startChat(ctx.db, input, ctx.origin, ctx.log)),
  history: visitorProcedure
    .input(ZVisitorRequest)
    .query(({ ctx }) => listVisitorMessages(ctx.db, ctx.visitor)),
  /** The answers to the bot's pre-chat form, checked against it (prechat/visitor-form.ts). */
  submitPrechat: visitorProcedure
    .input(ZSubmitPrechatRequest)
    .mutation(({ ctx, input }) => submitPrechat(ctx.db, ctx.bot, ctx.visitor, input.answers)),
  send: chattingProcedure
    .input(ZSendMessageRequest)
    .mutation(({ ctx, input }) => sendVisitorMessage(ctx.db, { bot: ctx.bot, visitor: ctx.visitor, log: eventLog(ctx.log) }, input)),
  /** A "did you mean" entry chosen under a bot reply: answered only if that reply offered it (streamed like send). */
  chooseSuggestion: chattingProcedure
    .input(ZChooseSuggestionRequest)
    .mutation(({ ctx, input }) => chooseSuggestion(ctx.db, { bot: ctx.bot, visitor: ctx.visitor, log: eventLog(ctx.log) }, input)),
  requestHuman: chattingProcedure.input(ZVisitorRequest).mutation(({ ctx }) => requestHuman(ctx.db, ctx.bot, ctx.visitor)),
  leaveContact: visitorProcedure
    .input(ZLeaveContactRequest)
    .mutation(({ ctx, input }) => leaveContact(ctx.db, ctx.bot, ctx.visitor, input)),
  /** CSAT (1–5, optional comment) of the visitor's last finished conversation. */
  rate: visitorProcedure
    .input(ZRateRequest)
    .mutation(({ ctx, input }) => rateConversation(ctx.db, ctx.bot, ctx.visitor, { rating: input.rating, comment: input.comment })),
  /** Thumbs up/down (optional reason and words) on one bot answer; voting again changes the vote. */
  giveFeedback: visitorProcedure
    .input(ZAnswerFeedbackRequest)
    .mutation(({ ctx, input }) => giveAnswerFeedback(ctx.db, { bot: ctx.bot, visitor: ctx.visitor }, input)),
  /** The visitor ends their open conversation: resolved, and they are asked for a rating. */
  endConversation: visitorProcedure.input(ZEndConversationRequest).mutation(({ ctx }) => endConversation(ctx.db, ctx.bot, ctx.visitor)),
  typing: visitorProcedure.input(ZVisitorRequest).mutation(({ ctx }) => visitorTyping(ctx.db, ctx.bot, ctx.visitor)),
  /**
   * The agents in the visitor's conversations, by key, name and picture (never a user id or e-mail). A mutation only
   * because the widget's client POSTs every call (apps/chat lib/chat-client.ts); it changes nothing.
   */
  agents: visitorProcedure
    .input(ZVisitorRequest)
    .output(ZVisitorAgentsResponse)
    .mutation(({ ctx }) => visitorAgents(ctx.db, { bot: ctx.bot, visitor: ctx.visitor })),
  /** Live events (agent messages, typing, status), resumable from the last event id seen. */
  events: visitorProcedure.input(ZVisitorEventsRequest).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of followVisitorEvents(ctx.db, { bot: ctx.bot, visitor: ctx.visitor }, { lastEventId: input.lastEventId, signal })) {
      yield tracked(event.seq.toString(), visitorEventView(visitorEventAgents(event)));
    }
  }),
});
