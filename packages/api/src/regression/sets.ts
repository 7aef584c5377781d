import { type DbTx } from "@kefu/db";
import { DomainError, notFound, REGRESSION_LIMITS, type RegressionOrigin } from "@kefu/domain";
import { getBot, knowledgeBaseIdsForBot } from "../bots/index.ts";

/** Regression test sets of a tenant's bots: sets and their cases, always read within the tenant. */

const CASE_FIELDS = { id: true, question: true, expectedSourceIds: true, origin: true, createdAt: true, updatedAt: true } as const;

/** A set of this tenant, or NOT_FOUND (another tenant's id reads as missing). */
export async function getSet(db: DbTx, tenantId: string, setId: string) {
  const set = await db.regressionSet.findFirst({ where: { id: setId, tenantId }, select: { id: true, botId: true, name: true, autoRun: true, createdAt: true } });
  if (!set) throw notFound("test_set");
  return set;
}

/** The bot's sets with their case counts and latest finished run. */
export async function listSets(db: DbTx, tenantId: string, botId: string) {
  await getBot(db, tenantId, botId);
  const sets = await db.regressionSet.findMany({
    where: { tenantId, botId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      botId: true,
      name: true,
      autoRun: true,
      createdAt: true,
      _count: { select: { cases: true } },
      runs: {
        where: { status: { not: "RUNNING" } },
        orderBy: { startedAt: "desc" },
        take: 1,
        select: { id: true, trigger: true, status: true, total: true, passed: true, failed: true, newFailures: true, startedAt: true, finishedAt: true },
      },
    },
  });
  return sets.map(({ runs, _count, ...set }) => ({ ...set, cases: _count.cases, lastRun: runs[0] ?? null }));
}

export async function createSet(db: DbTx, tenantId: string, input: { botId: string; name: string; autoRun: boolean }) {
  await getBot(db, tenantId, input.botId);
  const count = await db.regressionSet.count({ where: { tenantId, botId: input.botId } });
  if (count >= REGRESSION_LIMITS.setsPerBot) {
    throw new DomainError("BAD_REQUEST", "test_sets_full", `A bot has at most ${REGRESSION_LIMITS.setsPerBot} test sets.`);
  }
  return db.regressionSet.create({ data: { tenantId, botId: input.botId, name: input.name, autoRun: input.autoRun }, select: { id: true, botId: true, name: true, autoRun: true } });
}

export async function updateSet(db: DbTx, tenantId: string, input: { setId: string; name?: string; autoRun?: boolean }) {
  await getSet(db, tenantId, input.setId);
  return db.regressionSet.update({
    where: { id: input.setId },
    data: { ...(input.name === undefined ? {} : { name: input.name }), ...(input.autoRun === undefined ? {} : { autoRun: input.autoRun }) },
    select: { id: true, botId: true, name: true, autoRun: true },
  });
}

export async function deleteSet(db: DbTx, tenantId: string, setId: string) {
  await getSet(db, tenantId, setId);
  await db.regressionSet.deleteMany({ where: { id: setId, tenantId } });
  return { id: setId };
}

/** The set's cases, oldest first, each with its result in the latest finished run. */
export async function listCases(db: DbTx, tenantId: string, setId: string) {
  const set = await getSet(db, tenantId, setId);
  const cases = await db.regressionCase.findMany({ where: { tenantId, setId }, orderBy: { createdAt: "asc" }, select: CASE_FIELDS });
  const sourceIds = [...new Set(cases.flatMap((c) => c.expectedSourceIds))];
  const sources = await sourceTitles(db, tenantId, sourceIds);
  return {
    set,
    cases: cases.map((c) => ({ ...c, expected: c.expectedSourceIds.map((id) => ({ id, title: sources.get(id) ?? null })) })),
  };
}

/** Titles of sources of this tenant; a deleted source is simply missing. */
export async function sourceTitles(db: DbTx, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.knowledgeSource.findMany({ where: { tenantId, id: { in: [...ids] } }, select: { id: true, title: true } });
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Expected sources must be knowledge the set's bot answers from (tenant-scoped). */
async function assertBotSources(db: DbTx, tenantId: string, botId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  const knowledgeBaseIds = await knowledgeBaseIdsForBot(db, tenantId, botId);
  const found = await db.knowledgeSource.count({ where: { tenantId, id: { in: [...ids] }, knowledgeBaseId: { in: knowledgeBaseIds } } });
  if (found !== ids.length) throw new DomainError("NOT_FOUND", "source_not_found", "An expected source is not in this bot's knowledge.");
}

export async function addCase(db: DbTx, tenantId: string, input: { setId: string; question: string; expectedSourceIds: string[]; origin: RegressionOrigin }) {
  const set = await getSet(db, tenantId, input.setId);
  await assertBotSources(db, tenantId, set.botId, input.expectedSourceIds);
  const count = await db.regressionCase.count({ where: { tenantId, setId: set.id } });
  if (count >= REGRESSION_LIMITS.casesPerSet) {
    throw new DomainError("BAD_REQUEST", "test_cases_full", `A test set has at most ${REGRESSION_LIMITS.casesPerSet} questions.`);
  }
  return db.regressionCase.create({
    data: { tenantId, setId: set.id, question: input.question, expectedSourceIds: input.expectedSourceIds, origin: input.origin },
    select: CASE_FIELDS,
  });
}

async function getCase(db: DbTx, tenantId: string, caseId: string) {
  const found = await db.regressionCase.findFirst({ where: { id: caseId, tenantId }, select: { id: true, set: { select: { id: true, botId: true } } } });
  if (!found) throw notFound("test_case");
  return found;
}

export async function updateCase(db: DbTx, tenantId: string, input: { caseId: string; question: string; expectedSourceIds: string[] }) {
  const found = await getCase(db, tenantId, input.caseId);
  await assertBotSources(db, tenantId, found.set.botId, input.expectedSourceIds);
  return db.regressionCase.update({ where: { id: found.id }, data: { question: input.question, expectedSourceIds: input.expectedSourceIds }, select: CASE_FIELDS });
}

export async function deleteCase(db: DbTx, tenantId: string, caseId: string) {
  const found = await getCase(db, tenantId, caseId);
  await db.regressionCase.deleteMany({ where: { id: found.id, tenantId } });
  return { id: found.id };
}

/**
 * A case from a conversation: the visitor's message as the question, and as expected sources
 * those given (what an agent confirmed) or else the citations of the bot's reply to it.
 */
export async function addCaseFromMessage(db: DbTx, tenantId: string, input: { setId: string; messageId: string; expectedSourceIds?: string[] }) {
  const set = await getSet(db, tenantId, input.setId);
  const message = await db.message.findFirst({
    where: { id: input.messageId, tenantId, role: "VISITOR", conversation: { botId: set.botId } },
    select: { content: true, seq: true, conversationId: true },
  });
  if (!message) throw notFound("message");
  let expected = input.expectedSourceIds;
  if (!expected) {
    const reply = await db.message.findFirst({
      where: { tenantId, conversationId: message.conversationId, seq: { gt: message.seq }, role: "BOT" },
      orderBy: { seq: "asc" },
      select: { citations: true },
    });
    const citations = Array.isArray(reply?.citations) ? (reply.citations as { sourceId?: unknown }[]) : [];
    expected = [...new Set(citations.map((c) => c.sourceId).filter((id): id is string => typeof id === "string"))].slice(0, REGRESSION_LIMITS.expectedSources);
    // Sources deleted since the reply are left out.
    const present = await sourceTitles(db, tenantId, expected);
    expected = expected.filter((id) => present.has(id));
  }
  return addCase(db, tenantId, { setId: set.id, question: message.content.slice(0, REGRESSION_LIMITS.questionLength), expectedSourceIds: expected, origin: "conversation" });
}
