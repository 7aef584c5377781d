import { createApiContext, requestIdFrom, visitorUploadResponse } from "@kefu/api";
import { getDb } from "@kefu/db";

// A visitor's image (the widget's paperclip): its own route, read up to the image limit
// (KEFU_ATTACHMENT_MAX_BYTES), where the chat's tRPC bodies stop at 256 KB. Rate limits, the bot's
// allowed websites and the visitor's token are checked before the body is read.
export async function POST(req: Request) {
  const requestId = requestIdFrom(req.headers);
  const { log } = createApiContext({ db: getDb(), requestId });
  return visitorUploadResponse(getDb(), req, { log, requestId });
}
