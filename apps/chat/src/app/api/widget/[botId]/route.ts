import { createApiContext } from "@kefu/api";
import { createPublicCaller } from "@kefu/api/public";
import { getDb } from "@kefu/db";
import { TRPCError } from "@trpc/server";

// Read by the framework-free loader on the host site (another origin), hence CORS.
const CORS = { "access-control-allow-origin": "*", "cache-control": "public, max-age=60" };

export async function GET(_req: Request, { params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  const ctx = createApiContext({ db: getDb() });
  const caller = createPublicCaller(ctx);
  try {
    return Response.json(await caller.widget.config({ botId }), { headers: CORS });
  } catch (error) {
    const notFound = error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST");
    if (!notFound) ctx.log.error({ err: error, botId }, "widget.config_failed");
    return Response.json(
      { error: notFound ? "bot_not_found" : "unavailable", message: notFound ? `No bot with id "${botId}". Check data-bot-id in your embed snippet.` : "Chat is temporarily unavailable." },
      { status: notFound ? 404 : 503, headers: CORS },
    );
  }
}
