import {
  ZBotIdRequest,
  ZCreateBotRequest,
  ZUpdateAllowedOriginsRequest,
  ZUpdateBotAppearanceRequest,
  ZUpdateBotModelRequest,
  ZUpdateBotIdentityRequest,
  ZUpdateBotPrivacyRequest,
  ZUpdateBotRequest,
  ZUpdateHandoffSettingsRequest,
  ZSetQuestionRewriteRequest,
} from "@kefu/domain";
import { getBotAppearance, updateBotAppearance } from "./appearance.ts";
import { updateBotModel } from "./bot-model.ts";
import { createBot, deleteBot, getBot, listBots, setQuestionRewrite, updateAllowedOrigins, updateBot, updateHandoffSettings } from "./bots.ts";
import { embeddingStatus } from "./embedding-status.ts";
import { getIdentitySettings, rotateIdentitySecret, updateIdentitySettings } from "./identity.ts";
import { getBotPrivacy, updateBotPrivacy } from "./privacy.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

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
  // Models and threshold: a separate procedure so the bot form (name, persona…) keeps its shape.
  updateModel: permissionProcedure("bot.update")
    .input(ZUpdateBotModelRequest)
    .mutation(({ ctx, input: { id, ...fields } }) => updateBotModel(ctx.db, ctx.tenantId, id, fields)),
  // Where the background re-embedding stands: {active, wanted, embedded, total, state, error}.
  embeddingStatus: permissionProcedure("bot.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => embeddingStatus(ctx.db, ctx.tenantId, input.id)),
  updateHandoff: permissionProcedure("bot.update")
    .input(ZUpdateHandoffSettingsRequest)
    .mutation(({ ctx, input: { id, ...settings } }) => updateHandoffSettings(ctx.db, ctx.tenantId, id, settings)),
  // The websites that may embed the bot (the widget's loader, its iframe and the public calls check them).
  updateAllowedOrigins: permissionProcedure("bot.update")
    .input(ZUpdateAllowedOriginsRequest)
    .mutation(({ ctx, input }) => updateAllowedOrigins(ctx.db, ctx.tenantId, input.id, input.allowedOrigins)),
  // Personal data: redacted before remote models, masked in stored transcripts, the tenant's own patterns.
  privacy: permissionProcedure("bot.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => getBotPrivacy(ctx.db, ctx.tenantId, input.id)),
  updatePrivacy: permissionProcedure("bot.update")
    .input(ZUpdateBotPrivacyRequest)
    .mutation(({ ctx, input: { id, ...settings } }) => updateBotPrivacy(ctx.db, ctx.tenantId, id, settings)),
  // Visitor identity verification: the signing secret (shown once, by rotate) and whether unsigned identities are refused.
  identity: permissionProcedure("identity.manage")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => getIdentitySettings(ctx.db, ctx.tenantId, input.id)),
  rotateIdentitySecret: permissionProcedure("identity.manage")
    .input(ZBotIdRequest)
    .mutation(({ ctx, input }) => rotateIdentitySecret(ctx.db, ctx.tenantId, input.id)),
  updateIdentity: permissionProcedure("identity.manage")
    .input(ZUpdateBotIdentityRequest)
    .mutation(({ ctx, input }) => updateIdentitySettings(ctx.db, ctx.tenantId, input.id, input)),
  // Rewrite visitors' questions with the bot's chat model before searching (off by default).
  setQuestionRewrite: permissionProcedure("bot.update")
    .input(ZSetQuestionRewriteRequest)
    .mutation(({ ctx, input }) => setQuestionRewrite(ctx.db, ctx.tenantId, input.id, input.enabled)),
  // How the widget looks (launcher, header, suggested questions): the Widget tab's form and preview.
  appearance: permissionProcedure("bot.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => getBotAppearance(ctx.db, ctx.tenantId, input.id)),
  updateAppearance: permissionProcedure("bot.update")
    .input(ZUpdateBotAppearanceRequest)
    .mutation(({ ctx, input: { id, ...fields } }) => updateBotAppearance(ctx.db, ctx.tenantId, id, fields)),
  delete: permissionProcedure("bot.delete")
    .input(ZBotIdRequest)
    .mutation(({ ctx, input }) => deleteBot(ctx.db, ctx.tenantId, input.id)),
});
