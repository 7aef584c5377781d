import { type Db } from "@kefu/db";
import { clientIp } from "../platform/client-ip.ts";
import { hashedKey, rateLimits, type RateLimits } from "../platform/rate-limits.ts";
import { trpcCallsOf } from "../platform/trpc-http.ts";
import { tenantOfBotPublicId } from "./admission.ts";

const FEEDBACK_CALLS = new Set(["chat.giveFeedback", "chat.rate", "chat.endConversation"]);
/** Other visitor calls that read or store something: counted per visitor under visitorRequests. */
const REQUEST_CALLS = new Set(["chat.submitPrechat", "chat.agents"]);

/**
 * The chat app's rate limits, counted before a call runs (serveTrpc's `throttle`): new sessions
 * per client IP, and each visitor message against its visitor (token, hashed: it is a bearer
 * secret), then its bot and its tenant (a chosen "did you mean" entry counts as a message), so a
 * flood from one visitor is refused before it uses the bot's or tenant's allowance, and one busy
 * tenant cannot use up another's. A visitor's feedback (votes, rating, ending the chat) has its own
 * counter, so voting never uses up their messages; so do their pre-chat answers and their asking
 * who their agents are (chat.submitPrechat, chat.agents).
 */
export function chatThrottle(db: Db, limits: RateLimits = rateLimits(db)): (req: Request) => Promise<void> {
  return async (req) => {
    for (const { path, input } of await trpcCallsOf(req)) {
      if (path === "chat.start") {
        await limits.consume("chatStartIp", clientIp(req.headers, limits.env.KEFU_TRUST_PROXY));
      } else if (path === "chat.send" || path === "chat.chooseSuggestion") {
        const botId = typeof input?.botId === "string" ? input.botId : null;
        const token = typeof input?.visitorToken === "string" ? input.visitorToken : null;
        if (botId === null || token === null) continue; // refused by the procedure's input schema
        const visitor = `${botId}:${hashedKey(token)}`;
        await Promise.all([limits.consume("visitorBurst", visitor), limits.consume("visitorSustained", visitor)]);
        const tenantId = await tenantOfBotPublicId(db, botId);
        if (tenantId === null) continue; // an unknown bot: the procedure answers NOT_FOUND
        await Promise.all([limits.consume("botMessages", botId), limits.consume("tenantMessages", tenantId)]);
      } else if (FEEDBACK_CALLS.has(path)) {
        const botId = typeof input?.botId === "string" ? input.botId : null;
        const token = typeof input?.visitorToken === "string" ? input.visitorToken : null;
        if (botId !== null && token !== null) await limits.consume("visitorFeedback", `${botId}:${hashedKey(token)}`);
      } else if (REQUEST_CALLS.has(path)) {
        const botId = typeof input?.botId === "string" ? input.botId : null;
        const token = typeof input?.visitorToken === "string" ? input.visitorToken : null;
        if (botId !== null && token !== null) await limits.consume("visitorRequests", `${botId}:${hashedKey(token)}`);
      }
    }
  };
}
