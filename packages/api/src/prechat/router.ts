import { ZBotIdRequest, ZUpdatePrechatFormRequest } from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { getPrechatForm, updatePrechatForm } from "./settings.ts";

/** A bot's pre-chat form: read with the bot, changed with the same permission as its other settings. */
export const prechatFormRouter = router({
  get: permissionProcedure("bot.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => getPrechatForm(ctx.db, ctx.tenantId, input.id)),
  update: permissionProcedure("bot.update")
    .input(ZUpdatePrechatFormRequest)
    .mutation(({ ctx, input }) => updatePrechatForm(ctx.db, ctx.tenantId, input.id, input.form)),
});
