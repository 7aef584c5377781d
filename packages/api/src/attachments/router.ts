import { ZAgentImageRequest } from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { replyWithImage } from "./agent.ts";

/** Images from the dashboard: an agent's image reply (the bytes are read back through the admin app's /api/attachments route). */
export const attachmentRouter = router({
  reply: permissionProcedure("inbox.reply")
    .input(ZAgentImageRequest)
    .mutation(({ ctx, input }) => replyWithImage(ctx.db, { tenantId: ctx.tenantId, conversationId: input.id, agentId: ctx.userId }, input)),
});
