import { createApiContext, foreignOrigin, PUBLIC_MAX_BODY_BYTES, serveTrpc } from "@kefu/api";
import { answerAdmission, chatThrottle, publicRouter } from "@kefu/api/public";
import { getDb } from "@kefu/db";

// The request id (a sane client `x-request-id`, else a new one) is in ctx, the logs and the `x-request-id` response header.
// Answers (chat.send) wait for a place, fairly between tenants, or get a 503 with Retry-After.
// A call from another website (its Origin) must come from one of the bot's allowed websites.
// Visitors send short messages, never files: a body past PUBLIC_MAX_BODY_BYTES gets a typed 413.
// New sessions per IP and messages per visitor, bot and tenant are rate-limited first (429, Retry-After).
const handler = (req: Request) =>
  serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: getDb(), requestId, origin: foreignOrigin(req.headers) }), {
    admission: answerAdmission(getDb()),
    maxBodyBytes: PUBLIC_MAX_BODY_BYTES,
    throttle: chatThrottle(getDb()),
  });

export { handler as GET, handler as POST };
