import { createApiContext, requestIdFrom, visitorAttachmentResponse } from "@kefu/api";
import { getDb } from "@kefu/db";

// An image of the visitor's own conversation (the token in a header, or `token` for an <img>); anyone else's is a 404.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const requestId = requestIdFrom(req.headers);
  const { log } = createApiContext({ db: getDb(), requestId });
  return visitorAttachmentResponse(getDb(), req, id, { log, requestId });
}
