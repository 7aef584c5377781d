import { randomBytes } from "node:crypto";
import { Prisma, type DbTx, type Db } from "@kefu/db";
import { notFound, publicIdFromBytes, type BotInput } from "@kefu/domain";
import { forgetBots } from "../analytics/index.ts";
import { attachmentKeysOf, attachmentStorage, removeStoredImages, type AttachmentStorage } from "../platform/attachment-store.ts";
import { rootLogger } from "../platform/logger.ts";
import { writeDefaultRules } from "./default-rules.ts";
import { keepDeletedRuleNames } from "./deleted-rules.ts";

const BOT_FIELDS = {
  id: true,
  publicId: true,
  name: true,
  greeting: true,
  instructions: true,
  language: true,
  brandColor: true,
  answerThreshold: true,
  targetPrecision: true,
  chatProviderId: true,
  chatModel: true,
  embeddingProviderId: true,
  embeddingModel: true,
  allowHandoff: true,
  agentIdleMinutes: true,
  allowedOrigins: true,
  rewriteQuestions: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function listBots(db: DbTx, tenantId: string) {
  return db.bot.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, select: BOT_FIELDS });
}

export async function getBot(db: DbTx, tenantId: string, id: string) {
  const bot = await db.bot.findFirst({ where: { id, tenantId }, select: BOT_FIELDS });
  if (!bot) throw notFound("bot");
  return bot;
}

/**
 * Marks bots' configuration as changed (Bot.updatedAt) after a change to what lives outside the
 * bot row but is cached per process keyed on it: the handoff rules and the tenant's business hours
 * (chat/answer-config.ts). Call it after the change is written. The new stamp is strictly later
 * than the old one, so two changes within one millisecond still give a new key. All of the
 * tenant's bots when `botIds` is omitted.
 */
export async function touchBots(db: DbTx, tenantId: string, botIds?: readonly string[]): Promise<void> {
  const which = botIds ? Prisma.sql`AND "id" = ANY(${[...botIds]}::text[])` : Prisma.empty;
  await db.$executeRaw`
    UPDATE "Bot" SET "updatedAt" = GREATEST(now() AT TIME ZONE 'UTC', "updatedAt" + interval '1 millisecond')
    WHERE "tenantId" = ${tenantId} ${which}`;
}

/** The knowledge bases a bot searches (BotKnowledgeBase links). */
export async function knowledgeBaseIdsForBot(db: DbTx, tenantId: string, botId: string): Promise<string[]> {
  const links = await db.botKnowledgeBase.findMany({ where: { tenantId, botId }, select: { knowledgeBaseId: true } });
  return links.map((l) => l.knowledgeBaseId);
}

/** A new bot gets its own knowledge base, linked to it, and the default handoff rules: all or nothing. */
export function createBot(db: Db, tenantId: string, input: BotInput) {
  return db.$transaction(async (tx) => {
    const bot = await tx.bot.create({
      data: { ...input, tenantId, publicId: publicIdFromBytes(randomBytes(20)) },
      select: BOT_FIELDS,
    });
    const kb = await tx.knowledgeBase.create({ data: { tenantId, name: `${input.name} knowledge` } });
    await tx.botKnowledgeBase.create({ data: { tenantId, botId: bot.id, knowledgeBaseId: kb.id } });
    // Every new bot hands off sensibly out of the box; the rules can be edited or removed.
    await writeDefaultRules(tx, { tenantId, id: bot.id, language: bot.language });
    return bot;
  });
}

export async function updateBot(db: Db, tenantId: string, id: string, input: BotInput) {
  const { count } = await db.bot.updateMany({ where: { id, tenantId }, data: input });
  if (count === 0) throw notFound("bot");
  return getBot(db, tenantId, id);
}

/**
 * Deletes the bot, its conversations, and the knowledge bases no other bot uses. The analytics
 * keep a bot's counts after it is gone, except a demo bot's ("Remove demo data"): made-up figures
 * leave with it, and nothing else of the rollup is touched. Its conversations' images leave the
 * attachment store once the rows are gone (a failed removal is logged; the bot stays deleted).
 */
export async function deleteBot(db: Db, tenantId: string, id: string, storage?: AttachmentStorage) {
  // The images' keys are read with the rows and their bytes removed once the deletion committed.
  const imageKeys = await db.$transaction(async (tx) => {
    const bot = await getBot(tx, tenantId, id);
    const { demo } = await tx.bot.findFirstOrThrow({ where: { id: bot.id, tenantId }, select: { demo: true } });
    const links = await tx.botKnowledgeBase.findMany({
      where: { tenantId, botId: bot.id },
      select: { knowledgeBaseId: true, knowledgeBase: { select: { _count: { select: { bots: true } } } } },
    });
    const orphaned = links.filter((l) => l.knowledgeBase._count.bots === 1).map((l) => l.knowledgeBaseId);
    if (demo) await forgetBots(tx, tenantId, [bot.id]);
    else await keepDeletedRuleNames(tx, { tenantId, botId: bot.id });
    const conversations = await tx.conversation.findMany({ where: { tenantId, botId: bot.id }, select: { id: true } });
    const keys = await attachmentKeysOf(tx, tenantId, conversations.map((c) => c.id));
    await tx.bot.deleteMany({ where: { id: bot.id, tenantId } });
    if (orphaned.length > 0) await tx.knowledgeBase.deleteMany({ where: { tenantId, id: { in: orphaned } } });
    return keys;
  });
  if (imageKeys.length > 0) await removeStoredImages(storage ?? attachmentStorage(), imageKeys, (err, key) => rootLogger().error({ err, tenantId, key }, "bots.image_removal_failed"));
  return { id };
}

/** Whether visitors may ask for a person, and when a silent agent's conversation returns to the bot. */
export async function updateHandoffSettings(db: Db, tenantId: string, id: string, input: { allowHandoff: boolean; agentIdleMinutes: number | null }) {
  await getBot(db, tenantId, id);
  await db.bot.updateMany({ where: { id, tenantId }, data: input });
  return getBot(db, tenantId, id);
}

/**
 * The websites that may embed the bot (canonical entries, checked by ZAllowedOrigins; empty = any).
 * Writing the row moves Bot.updatedAt, so every process sees the new list on its next visitor call.
 */
export async function updateAllowedOrigins(db: Db, tenantId: string, id: string, allowedOrigins: string[]) {
  const { count } = await db.bot.updateMany({ where: { id, tenantId }, data: { allowedOrigins } });
  if (count === 0) throw notFound("bot");
  return getBot(db, tenantId, id);
}

/**
 * Turns the question rewrite before retrieval on or off (knowledge/question-rewrite.ts). It needs
 * a chat model to run; without one the bot searches the question as asked. Writing the row moves
 * Bot.updatedAt, so every process's answer configuration picks it up on its next message.
 */
export async function setQuestionRewrite(db: Db, tenantId: string, id: string, enabled: boolean) {
  const { count } = await db.bot.updateMany({ where: { id, tenantId }, data: { rewriteQuestions: enabled } });
  if (count === 0) throw notFound("bot");
  return getBot(db, tenantId, id);
}
