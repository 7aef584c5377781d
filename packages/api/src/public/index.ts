import { notFound, ZBotPublicId, ZSendMessageRequest, ZStartSessionRequest, ZVisitorRequest } from "@kefu/domain";
import { z } from "zod";
import { sendVisitorMessage } from "../services/answering.ts";
import { listVisitorMessages } from "../services/conversations.ts";
import { findBotForVisitor, startVisitorSession } from "../services/visitors.ts";
import { createCallerFactory, publicProcedure, router, visitorProcedure } from "../trpc.ts";

const publicBotView = (bot: { publicId: string; name: string; greeting: string; language: "en" | "zh"; brandColor: string }) => ({
  id: bot.publicId,
  name: bot.name,
  greeting: bot.greeting,
  language: bot.language,
  brandColor: bot.brandColor,
});

/** Procedures of the chat app: an anonymous visitor of one bot. */
export const publicRouter = router({
  widget: router({
    config: publicProcedure.input(z.object({ botId: ZBotPublicId })).query(async ({ ctx, input }) => {
      const bot = await findBotForVisitor(ctx.db, input.botId);
      if (!bot) throw notFound("bot");
      return publicBotView(bot);
    }),
  }),
  chat: router({
    start: publicProcedure.input(ZStartSessionRequest).mutation(async ({ ctx, input }) => {
      const session = await startVisitorSession(ctx.db, input.botId, input.visitorToken);
      return {
        visitorToken: session.visitorToken,
        resumed: session.resumed,
        bot: publicBotView(session.bot),
        messages: await listVisitorMessages(ctx.db, session.visitor),
      };
    }),
    history: visitorProcedure
      .input(ZVisitorRequest)
      .query(({ ctx }) => listVisitorMessages(ctx.db, ctx.visitor)),
    send: visitorProcedure
      .input(ZSendMessageRequest)
      .mutation(({ ctx, input }) => sendVisitorMessage(ctx.db, ctx.bot, ctx.visitor, input)),
  }),
});
export type PublicRouter = typeof publicRouter;
export const createPublicCaller = createCallerFactory(publicRouter);
