import { ZId } from "@kefu/domain";
import { z } from "zod";
import { getConversation, listConversations } from "./conversations.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

export const ZListConversationsRequest = z.object({
  botId: ZId.optional(),
  cursor: ZId.optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const conversationRouter = router({
  list: permissionProcedure("conversation.read")
    .input(ZListConversationsRequest)
    .query(({ ctx, input }) => listConversations(ctx.db, ctx.tenantId, input)),
  get: permissionProcedure("conversation.read")
    .input(z.object({ id: ZId }))
    .query(({ ctx, input }) => getConversation(ctx.db, ctx.tenantId, input.id)),
});
