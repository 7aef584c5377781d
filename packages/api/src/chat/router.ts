import {
  notFound,
  ZBotPublicId,
  ZLeaveContactRequest,
  ZRateRequest,
  ZSendMessageRequest,
  ZStartSessionRequest,
  ZVisitorEventsRequest,
  ZVisitorRequest,
} from "@kefu/domain";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { sendVisitorMessage } from "./answering.ts";
import { listVisitorMessages } from "../conversations/index.ts";
import { type LoggedEvent } from "../platform/events/event-log.ts";
import { followVisitorEvents, leaveContact, rateConversation, requestHuman, visitorSessionState, visitorTyping } from "../handoff/index.ts";
import { findBotForVisitor, startVisitorSession } from "../conversations/index.ts";
import { publicProcedure, router } from "../platform/trpc.ts";
import { visitorProcedure } from "../conversations/index.ts";

const publicBotView = (bot: { publicId: string; name: string; greeting: string; language: "en" | "zh"; brandColor: string }) => ({
  id: bot.publicId,
  name: bot.name,
  greeting: bot.greeting,
  language: bot.language,
  brandColor: bot.brandColor,
});

/** What the visitor's stream sends: the event without tenant, audience or conversation; type and payload stay one union. */
function visitorEventView({ seq, tenantId: _tenantId, audience: _audience, conversationId: _conversationId, ...event }: LoggedEvent) {
  return { seq: seq.toString(), ...event };
}

/** The widget's configuration: public, by the bot's public id. */
export const widgetRouter = router({
  config: publicProcedure.input(z.object({ botId: ZBotPublicId })).query(async ({ ctx, input }) => {
    const bot = await findBotForVisitor(ctx.db, input.botId);
    if (!bot) throw notFound("bot");
    return publicBotView(bot);
  }),
});

/** A visitor's chat with one bot: session, messages, handoff requests and live events. */
export const chatRouter = router({
  start: publicProcedure.input(ZStartSessionRequest).mutation(async ({ ctx, input }) => {
    const session = await startVisitorSession(ctx.db, input.botId, input.visitorToken, input.attributes);
    return {
      visitorToken: session.visitorToken,
      resumed: session.resumed,
      bot: publicBotView(session.bot),
      // The stream resumes after lastEventId: the history and the live events meet without a gap.
      ...(await visitorSessionState(ctx.db, session.bot, session.visitor)),
      messages: await listVisitorMessages(ctx.db, session.visitor),
    };
  }),
  history: visitorProcedure
    .input(ZVisitorRequest)
    .query(({ ctx }) => listVisitorMessages(ctx.db, ctx.visitor)),
  send: visitorProcedure
    .input(ZSendMessageRequest)
    .mutation(({ ctx, input }) => sendVisitorMessage(ctx.db, { bot: ctx.bot, visitor: ctx.visitor, log: ctx.log }, input)),
  requestHuman: visitorProcedure.input(ZVisitorRequest).mutation(({ ctx }) => requestHuman(ctx.db, ctx.bot, ctx.visitor)),
  leaveContact: visitorProcedure
    .input(ZLeaveContactRequest)
    .mutation(({ ctx, input }) => leaveContact(ctx.db, ctx.bot, ctx.visitor, input)),
  rate: visitorProcedure.input(ZRateRequest).mutation(({ ctx, input }) => rateConversation(ctx.db, ctx.bot, ctx.visitor, input.rating)),
  typing: visitorProcedure.input(ZVisitorRequest).mutation(({ ctx }) => visitorTyping(ctx.db, ctx.bot, ctx.visitor)),
  /** Live events (agent messages, typing, status), resumable from the last event id seen. */
  events: visitorProcedure.input(ZVisitorEventsRequest).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of followVisitorEvents(ctx.db, ctx.bot, ctx.visitor, input.lastEventId, signal)) {
      yield tracked(event.seq.toString(), visitorEventView(event));
    }
  }),
});
