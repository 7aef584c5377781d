import { createApiContext, requestIdFrom, staffAttachmentResponse } from "@kefu/api";
import { getDb } from "@kefu/db";
import { currentUserId } from "~/lib/auth";

// An image of a conversation, for the signed-in staff of its workspace (a role that reads conversations); anything else is a 404.
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const requestId = requestIdFrom(req.headers);
  const { log } = createApiContext({ db: getDb(), requestId });
  return staffAttachmentResponse(getDb(), { userId: await currentUserId(), attachmentId: id }, { log, requestId });
}
