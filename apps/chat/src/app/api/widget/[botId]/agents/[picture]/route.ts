import { createApiContext } from "@kefu/api";
import { agentPictureResponse } from "@kefu/api/public";
import { getDb } from "@kefu/db";

/** An agent's picture beside their messages in the widget and hosted page (chat/agent-pictures.ts). */
export async function GET(req: Request, { params }: { params: Promise<{ botId: string; picture: string }> }) {
  const { botId, picture } = await params;
  const { log } = createApiContext({ db: getDb() });
  return agentPictureResponse(getDb(), { req, publicId: botId, picture, log });
}
