import { DomainError, notFound } from "@kefu/domain";
import { TRPCError } from "@trpc/server";
import { toTRPCError } from "../platform/errors.ts";
import { publicProcedure } from "../platform/trpc.ts";
import { assertOriginAllowed, findBotForVisitor, findVisitorSession } from "./visitors.ts";

/**
 * Scopes a public call to one bot (by public id) and one visitor session. Input
 * must carry `botId` and `visitorToken`; the visitor must belong to that bot. A call from another
 * website (ctx.origin) must come from one the bot allows.
 */
export const visitorProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const raw = (await getRawInput()) as { botId?: unknown; visitorToken?: unknown } | undefined;
  const bot = typeof raw?.botId === "string" ? await findBotForVisitor(ctx.db, raw.botId) : null;
  if (!bot) throw toTRPCError(notFound("bot"));
  try {
    assertOriginAllowed(bot, ctx.origin);
  } catch (error) {
    throw error instanceof DomainError ? toTRPCError(error) : error;
  }
  const visitor = typeof raw?.visitorToken === "string" ? await findVisitorSession(ctx.db, bot, raw.visitorToken) : null;
  if (!visitor) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your chat session has expired. Reload the page to start again." });
  }
  return next({ ctx: { ...ctx, bot, visitor } });
});
