import { createApiContext, serveTrpc } from "@kefu/api";
import { answerAdmission, publicRouter } from "@kefu/api/public";
import { getDb } from "@kefu/db";

// The request id (a sane client `x-request-id`, else a new one) is in ctx, the logs and the `x-request-id` response header.
// Answers (chat.send) wait for a place, fairly between tenants, or get a 503 with Retry-After.
const handler = (req: Request) =>
  serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: getDb(), requestId }), { admission: answerAdmission(getDb()) });

export { handler as GET, handler as POST };
