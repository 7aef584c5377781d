import { type Db, type DbTx } from "@kefu/db";
import { DomainError, notFound } from "@kefu/domain";
import { getBot } from "../bots/index.ts";

/**
 * A tenant's knowledge bases and which bots use them (many-to-many). Every bot
 * keeps at least one linked knowledge base: new sources go to a bot's knowledge
 * base, so a bot without one could not learn anything.
 */
const KB_FIELDS = {
  id: true,
  name: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { sources: true } },
  bots: { select: { bot: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
} as const;

type KbRow = { id: string; name: string; createdAt: Date; updatedAt: Date; _count: { sources: number }; bots: { bot: { id: string; name: string } }[] };

const shape = (kb: KbRow) => ({
  id: kb.id,
  name: kb.name,
  createdAt: kb.createdAt,
  updatedAt: kb.updatedAt,
  sourceCount: kb._count.sources,
  bots: kb.bots.map((link) => link.bot),
});
export type KnowledgeBaseSummary = ReturnType<typeof shape>;

export async function listKnowledgeBases(db: DbTx, tenantId: string): Promise<KnowledgeBaseSummary[]> {
  const kbs = await db.knowledgeBase.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: KB_FIELDS });
  return kbs.map(shape);
}

async function getKnowledgeBase(db: DbTx, tenantId: string, id: string): Promise<KnowledgeBaseSummary> {
  const kb = await db.knowledgeBase.findFirst({ where: { id, tenantId }, select: KB_FIELDS });
  if (!kb) throw notFound("knowledge_base");
  return shape(kb);
}

/** Creates a knowledge base, linked to a bot when one is given (the bot page's "new" button). */
export function createKnowledgeBase(db: Db, tenantId: string, input: { name: string; botId?: string }) {
  return db.$transaction(async (tx) => {
    const bot = input.botId !== undefined ? await getBot(tx, tenantId, input.botId) : null;
    const kb = await tx.knowledgeBase.create({ data: { tenantId, name: input.name }, select: { id: true } });
    if (bot) await tx.botKnowledgeBase.create({ data: { tenantId, botId: bot.id, knowledgeBaseId: kb.id } });
    return getKnowledgeBase(tx, tenantId, kb.id);
  });
}

export async function renameKnowledgeBase(db: Db, tenantId: string, id: string, name: string) {
  const { count } = await db.knowledgeBase.updateMany({ where: { id, tenantId }, data: { name } });
  if (count === 0) throw notFound("knowledge_base");
  return getKnowledgeBase(db, tenantId, id);
}

const lastKnowledgeBase = (botName: string) =>
  new DomainError(
    "CONFLICT",
    "last_knowledge_base",
    `"${botName}" would be left without a knowledge base. Link another knowledge base to it first.`,
  );

/**
 * Locks bot rows for the rest of the transaction, so two concurrent unlink/delete
 * calls cannot each see "another knowledge base remains" and leave a bot with none.
 */
async function lockBots(tx: DbTx, tenantId: string, botIds: string[]) {
  if (botIds.length === 0) return;
  await tx.$queryRaw`SELECT "id" FROM "Bot" WHERE "tenantId" = ${tenantId} AND "id" = ANY(${botIds}::text[]) ORDER BY "id" FOR UPDATE`;
}

/** Bots whose only knowledge base is this one (they would be left with none). */
async function botsOnlyUsing(tx: DbTx, tenantId: string, knowledgeBaseId: string) {
  const users = await tx.botKnowledgeBase.findMany({ where: { tenantId, knowledgeBaseId }, select: { botId: true } });
  await lockBots(tx, tenantId, users.map((u) => u.botId));
  const links = await tx.botKnowledgeBase.findMany({
    where: { tenantId, knowledgeBaseId },
    select: { bot: { select: { name: true, _count: { select: { knowledgeBases: true } } } } },
  });
  return links.filter((l) => l.bot._count.knowledgeBases <= 1).map((l) => l.bot.name);
}

/** Deletes a knowledge base and its sources, unless a bot would be left without any. */
export async function deleteKnowledgeBase(db: Db, tenantId: string, id: string) {
  await db.$transaction(async (tx) => {
    await getKnowledgeBase(tx, tenantId, id);
    const stranded = await botsOnlyUsing(tx, tenantId, id);
    if (stranded.length > 0) throw lastKnowledgeBase(stranded[0]!);
    // Sources, chunks and links cascade. The retrieval cache is keyed by the set of a bot's
    // knowledge bases, so bots that used this one rebuild their index on the next question.
    await tx.knowledgeBase.deleteMany({ where: { id, tenantId } });
  });
  return { id };
}

async function botAndKnowledgeBase(tx: DbTx, tenantId: string, botId: string, knowledgeBaseId: string) {
  const bot = await getBot(tx, tenantId, botId);
  const kb = await tx.knowledgeBase.findFirst({ where: { id: knowledgeBaseId, tenantId }, select: { id: true } });
  if (!kb) throw notFound("knowledge_base");
  return { bot, kb };
}

/** Lets a bot answer from a knowledge base (idempotent). */
export async function linkKnowledgeBase(db: Db, tenantId: string, botId: string, knowledgeBaseId: string) {
  return db.$transaction(async (tx) => {
    const { bot, kb } = await botAndKnowledgeBase(tx, tenantId, botId, knowledgeBaseId);
    const existing = await tx.botKnowledgeBase.findFirst({ where: { tenantId, botId: bot.id, knowledgeBaseId: kb.id }, select: { botId: true } });
    if (!existing) await tx.botKnowledgeBase.create({ data: { tenantId, botId: bot.id, knowledgeBaseId: kb.id } });
    return getKnowledgeBase(tx, tenantId, kb.id);
  });
}

/** Stops a bot answering from a knowledge base; the knowledge base itself is kept. */
export async function unlinkKnowledgeBase(db: Db, tenantId: string, botId: string, knowledgeBaseId: string) {
  return db.$transaction(async (tx) => {
    const { bot, kb } = await botAndKnowledgeBase(tx, tenantId, botId, knowledgeBaseId);
    await lockBots(tx, tenantId, [bot.id]);
    const links = await tx.botKnowledgeBase.findMany({ where: { tenantId, botId: bot.id }, select: { knowledgeBaseId: true } });
    if (!links.some((l) => l.knowledgeBaseId === kb.id)) throw notFound("knowledge_base");
    if (links.length === 1) throw lastKnowledgeBase(bot.name);
    await tx.botKnowledgeBase.deleteMany({ where: { tenantId, botId: bot.id, knowledgeBaseId: kb.id } });
    return getKnowledgeBase(tx, tenantId, kb.id);
  });
}
