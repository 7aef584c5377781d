import { ZBotIdRequest, ZCreateBotRequest, ZUpdateBotRequest } from "@kefu/domain";
import { createBot, deleteBot, getBot, listBots, updateBot } from "../services/bots.ts";
import { permissionProcedure, router } from "../trpc.ts";

export const botRouter = router({
  list: permissionProcedure("bot.read").query(({ ctx }) => listBots(ctx.db, ctx.tenantId)),
  get: permissionProcedure("bot.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => getBot(ctx.db, ctx.tenantId, input.id)),
  create: permissionProcedure("bot.create")
    .input(ZCreateBotRequest)
    .mutation(({ ctx, input }) => createBot(ctx.db, ctx.tenantId, input)),
  update: permissionProcedure("bot.update")
    .input(ZUpdateBotRequest)
    .mutation(({ ctx, input: { id, ...fields } }) => updateBot(ctx.db, ctx.tenantId, id, fields)),
  delete: permissionProcedure("bot.delete")
    .input(ZBotIdRequest)
    .mutation(({ ctx, input }) => deleteBot(ctx.db, ctx.tenantId, input.id)),
});
