import { createApiContext, requestIdFrom, visitorImageLinksResponse } from "@kefu/api";
import { getDb } from "@kefu/db";

// Signed, short-lived links to the visitor's images (the token in a header, never in an image's URL).
export async function POST(req: Request) {
  const requestId = requestIdFrom(req.headers);
  const { log } = createApiContext({ db: getDb(), requestId });
  return visitorImageLinksResponse(getDb(), req, { log, requestId });
}
