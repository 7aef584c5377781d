import { createApiContext, serveTrpc } from "@kefu/api";
import { publicRouter } from "@kefu/api/public";
import { getDb } from "@kefu/db";

// The request id (a sane client `x-request-id`, else a new one) is in ctx, the logs and the `x-request-id` response header.
const handler = (req: Request) => serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: getDb(), requestId }));

export { handler as GET, handler as POST };
