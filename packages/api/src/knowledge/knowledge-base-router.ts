import { ZBotIdRequest, ZCreateKnowledgeBaseRequest, ZKnowledgeBaseIdRequest, ZLinkKnowledgeBaseRequest, ZRenameKnowledgeBaseRequest } from "@kefu/domain";
import {
  createKnowledgeBase,
  deleteKnowledgeBase,
  linkKnowledgeBase,
  listKnowledgeBases,
  renameKnowledgeBase,
  unlinkKnowledgeBase,
} from "./knowledge-bases.ts";
import { botCalibrations } from "./calibration.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

/** A tenant's knowledge bases and the bots they serve. */
export const knowledgeBaseRouter = router({
  list: permissionProcedure("knowledge.read").query(({ ctx }) => listKnowledgeBases(ctx.db, ctx.tenantId)),
  create: permissionProcedure("knowledge.update")
    .input(ZCreateKnowledgeBaseRequest)
    .mutation(({ ctx, input }) => createKnowledgeBase(ctx.db, ctx.tenantId, input)),
  rename: permissionProcedure("knowledge.update")
    .input(ZRenameKnowledgeBaseRequest)
    .mutation(({ ctx, input }) => renameKnowledgeBase(ctx.db, ctx.tenantId, input.id, input.name)),
  delete: permissionProcedure("knowledge.update")
    .input(ZKnowledgeBaseIdRequest)
    .mutation(({ ctx, input }) => deleteKnowledgeBase(ctx.db, ctx.tenantId, input.id)),
  link: permissionProcedure("knowledge.update")
    .input(ZLinkKnowledgeBaseRequest)
    .mutation(({ ctx, input }) => linkKnowledgeBase(ctx.db, ctx.tenantId, input.botId, input.knowledgeBaseId)),
  unlink: permissionProcedure("knowledge.update")
    .input(ZLinkKnowledgeBaseRequest)
    .mutation(({ ctx, input }) => unlinkKnowledgeBase(ctx.db, ctx.tenantId, input.botId, input.knowledgeBaseId)),
  /** How sure the bot's answers are per setting (the calibration of each of its knowledge bases), for the bot page. */
  calibrationForBot: permissionProcedure("knowledge.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => botCalibrations(ctx.db, ctx.tenantId, input.id)),
});
