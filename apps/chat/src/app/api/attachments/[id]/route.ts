import { createApiContext, requestIdFrom, visitorAttachmentResponse } from "@kefu/api";
import { getDb } from "@kefu/db";

// An image of the visitor's own conversation, by a signed, short-lived link (no token in the URL); anything else is a 404.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const requestId = requestIdFrom(req.headers);
  const { log } = createApiContext({ db: getDb(), requestId });
  return visitorAttachmentResponse(getDb(), req, id, { log, requestId });
}
