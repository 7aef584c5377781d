import { type Db, type DbTx } from "@kefu/db";
import {
  clusterQuestions,
  compilePiiPatterns,
  DomainError,
  GAP_REASONS,
  maskPii,
  storedPiiPatterns,
  type ClusterItem,
  type CoverGapRequest,
  type GapReason,
  type PiiDetectOptions,
} from "@kefu/domain";
import { getBot, thresholdsFor } from "../bots/index.ts";
import { addFaq, botKnowledgeScope, currentTenantSynonyms } from "../knowledge/index.ts";
import { LOW_CONFIDENCE_MARGIN, readQuestions, type AskedQuestion } from "./questions.ts";

const DAY_MS = 24 * 60 * 60_000;
/** A miss counts half as much a week later: recent and frequent gaps come first. */
const HALF_LIFE_DAYS = 7;
const MAX_EXAMPLES = 5;
const MAX_PHRASINGS = 20;
/** Decisions read to recognise gaps already acted on (newest first). */
const MAX_DECISIONS = 500;

export type GapStatus = "open" | "covered" | "dismissed";

export interface GapView {
  key: string;
  /** The question that stands for the cluster (as a visitor asked it, personal data masked). */
  label: string;
  /** Questions of the cluster in the window the bot missed, and those it answered. */
  missed: number;
  answered: number;
  /** The last miss (or, without one in the window, the last question). */
  lastAt: Date;
  reasons: Record<GapReason, number>;
  /** The newest missed questions, distinct phrasings. */
  examples: { text: string; at: Date; conversationId: string; reasons: GapReason[] }[];
  /** An agent answered one of its questions after a handoff: adding it prefills that reply. */
  hasAgentReply: boolean;
  status: GapStatus;
  decision: { id: string; decidedAt: Date; sourceId: string | null; sourceTitle: string | null } | null;
  /** After the decision (in the window): the cluster's questions answered and still missed. */
  since: { answered: number; missed: number } | null;
}

interface GapDetail extends GapView {
  phrasings: string[];
  agentReply: string | null;
  score: number;
}

export interface GapList {
  gaps: GapView[];
  from: Date;
  to: Date;
  /** Visitor questions read, and whether the window held more than are read. */
  scanned: number;
  truncated: boolean;
}

const SEED = "seed:";
const STATUS_ORDER: Record<GapStatus, number> = { open: 0, covered: 1, dismissed: 2 };

async function gapSettings(db: DbTx, tenantId: string, botId: string) {
  await getBot(db, tenantId, botId); // NOT_FOUND for another tenant's bot
  const [bot, scope, synonyms] = await Promise.all([
    db.bot.findFirstOrThrow({ where: { id: botId, tenantId }, select: { answerThreshold: true, targetPrecision: true, piiPatterns: true } }),
    botKnowledgeScope(db, tenantId, botId),
    currentTenantSynonyms(db, tenantId),
  ]);
  // The highest answer threshold of the bot's knowledge bases (calibrated, else the bot's own).
  let answer = bot.answerThreshold;
  for (const kb of scope.knowledgeBaseIds.slice(0, 10)) {
    const t = await thresholdsFor(db, { bot, scope, topKnowledgeBaseId: kb });
    answer = Math.max(answer, t.answer);
  }
  // Stored messages keep personal data unless the bot masks it: gaps always mask it, since a gap's
  // words may become an FAQ entry every visitor reads.
  const masking: PiiDetectOptions = { patterns: compilePiiPatterns(storedPiiPatterns(bot.piiPatterns)) };
  return { lowConfidenceBelow: answer + LOW_CONFIDENCE_MARGIN, masking, synonyms };
}

const emptyReasons = (): Record<GapReason, number> => Object.fromEntries(GAP_REASONS.map((r) => [r, 0])) as Record<GapReason, number>;

async function computeGaps(db: DbTx, tenantId: string, input: { botId: string; days: number }, now = new Date()): Promise<{ gaps: GapDetail[]; list: Omit<GapList, "gaps"> }> {
  const { botId, days } = input;
  const to = now;
  const from = new Date(now.getTime() - days * DAY_MS);
  const settings = await gapSettings(db, tenantId, botId);
  const [{ questions, truncated }, decisions] = await Promise.all([
    readQuestions(db, { tenantId, botId, from, to: new Date(to.getTime() + 1), lowConfidenceBelow: settings.lowConfidenceBelow }),
    db.knowledgeGap.findMany({
      where: { tenantId, botId },
      orderBy: { decidedAt: "desc" },
      take: MAX_DECISIONS,
      select: { id: true, question: true, phrasings: true, status: true, sourceId: true, decidedAt: true },
    }),
  ]);
  // Each distinct text masked once: the same questions come back again and again.
  const maskCache = new Map<string, string>();
  const mask = (text: string) => {
    let out = maskCache.get(text);
    if (out === undefined) maskCache.set(text, (out = maskPii(text, settings.masking).trim()));
    return out;
  };
  const masked = questions.map((q) => ({ ...q, text: mask(q.text), agentReply: q.agentReply && mask(q.agentReply) }));
  const byId = new Map<string, AskedQuestion>(masked.map((q) => [q.id, q]));
  // A decision's question and phrasings join the clustering, so later questions find its gap.
  const seeds: ClusterItem[] = decisions.flatMap((d) => [d.question, ...d.phrasings].map((text, i) => ({ id: `${SEED}${d.id}:${i}`, text, at: d.decidedAt })));
  const decisionById = new Map(decisions.map((d) => [d.id, d]));
  const clusters = clusterQuestions([...masked.map((q) => ({ id: q.id, text: q.text, at: q.at })), ...seeds], { synonyms: settings.synonyms });
  const sourceIds = decisions.flatMap((d) => (d.sourceId ? [d.sourceId] : []));
  const sources = sourceIds.length
    ? await db.knowledgeSource.findMany({ where: { tenantId, id: { in: sourceIds } }, select: { id: true, title: true } })
    : [];
  const titles = new Map(sources.map((s) => [s.id, s.title]));

  const gaps: GapDetail[] = [];
  for (const cluster of clusters) {
    const members = cluster.itemIds.flatMap((id) => byId.get(id) ?? []); // newest first
    const misses = members.filter((q) => q.reasons.length > 0);
    // The newest decision among the cluster's seeds.
    let decision: (typeof decisions)[number] | undefined;
    for (const id of cluster.itemIds) {
      if (!id.startsWith(SEED)) continue;
      const d = decisionById.get(id.slice(SEED.length, id.lastIndexOf(":")));
      if (d && (!decision || d.decidedAt > decision.decidedAt)) decision = d;
    }
    if (misses.length === 0 && !decision) continue;
    const reasons = emptyReasons();
    let score = 0;
    for (const q of misses) {
      for (const r of q.reasons) reasons[r]++;
      score += 0.5 ** ((now.getTime() - q.at.getTime()) / DAY_MS / HALF_LIFE_DAYS);
    }
    const distinct = new Map<string, (typeof misses)[number]>();
    for (const q of misses) if (q.text && !distinct.has(q.text.toLowerCase())) distinct.set(q.text.toLowerCase(), q);
    const phrasings = [...distinct.values()].map((q) => q.text);
    const after = decision ? members.filter((q) => q.at > decision.decidedAt) : [];
    // A decided gap keeps the question it was decided with; an open one is named by a missed question.
    const label = decision ? decision.question : phrasings.includes(cluster.label) ? cluster.label : (phrasings[0] ?? cluster.label);
    gaps.push({
      key: cluster.key,
      label,
      missed: misses.length,
      answered: members.length - misses.length,
      lastAt: misses[0]?.at ?? members[0]?.at ?? cluster.lastAt,
      reasons,
      examples: [...distinct.values()].slice(0, MAX_EXAMPLES).map((q) => ({ text: q.text, at: q.at, conversationId: q.conversationId, reasons: q.reasons })),
      hasAgentReply: misses.some((q) => q.agentReply),
      status: decision ? (decision.status === "COVERED" ? "covered" : "dismissed") : "open",
      decision: decision
        ? { id: decision.id, decidedAt: decision.decidedAt, sourceId: decision.sourceId, sourceTitle: decision.sourceId ? (titles.get(decision.sourceId) ?? null) : null }
        : null,
      since: decision ? { answered: after.filter((q) => q.reasons.length === 0).length, missed: after.filter((q) => q.reasons.length > 0).length } : null,
      phrasings: phrasings.slice(0, MAX_PHRASINGS),
      agentReply: misses.find((q) => q.agentReply)?.agentReply ?? null,
      score,
    });
  }
  gaps.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.score - a.score || b.missed - a.missed || b.lastAt.getTime() - a.lastAt.getTime() || (a.key < b.key ? -1 : 1));
  return { gaps, list: { from, to, scanned: questions.length, truncated } };
}

function view(gap: GapDetail): GapView {
  const { phrasings: _p, agentReply: _a, score: _s, ...rest } = gap;
  return rest;
}

/** A bot's knowledge gaps in the last `days` days: open ones ranked by frequency and recency, then the rest. */
export async function listGaps(db: DbTx, tenantId: string, input: { botId: string; days: number }, now?: Date): Promise<GapList> {
  const { gaps, list } = await computeGaps(db, tenantId, input, now);
  return { ...list, gaps: gaps.map(view) };
}

async function findGap(db: DbTx, tenantId: string, input: { botId: string; key: string; days: number }): Promise<GapDetail> {
  const { gaps } = await computeGaps(db, tenantId, input);
  const gap = gaps.find((g) => g.key === input.key);
  if (!gap) throw new DomainError("NOT_FOUND", "gap_not_found", "This knowledge gap is no longer in the list. Reload the page.");
  return gap;
}

/**
 * The FAQ entry a gap would become: its question, the cluster's other phrasings, and what an agent
 * replied when one answered it after a handoff (empty otherwise). All of it is editable in the form.
 */
export async function gapPrefill(db: DbTx, tenantId: string, input: { botId: string; key: string; days: number }) {
  const gap = await findGap(db, tenantId, input);
  const question = gap.label.slice(0, 500);
  const alternatives = gap.phrasings.filter((p) => p !== gap.label && p.length <= 500);
  return { key: gap.key, question, alternatives, answer: gap.agentReply?.slice(0, 5000) ?? "", answerFromAgent: gap.agentReply !== null };
}

async function decide(
  db: DbTx,
  tenantId: string,
  gap: GapDetail,
  input: { botId: string; userId: string; status: "COVERED" | "DISMISSED"; sourceId: string | null; texts: string[] },
) {
  // The entry's own question first (as the member saved it), then how visitors asked.
  const phrasings = [...new Set([...input.texts, gap.label, ...gap.phrasings].map((t) => t.trim()).filter(Boolean))].slice(0, MAX_PHRASINGS + 1);
  const [question, ...rest] = phrasings;
  const data = { question: question ?? gap.label, phrasings: rest, status: input.status, sourceId: input.sourceId, decidedById: input.userId, decidedAt: new Date() };
  // A gap acted on before under another key keeps one row: the decision moves with the cluster.
  if (gap.decision) await db.knowledgeGap.deleteMany({ where: { tenantId, botId: input.botId, id: gap.decision.id, clusterKey: { not: gap.key } } });
  return db.knowledgeGap.upsert({
    where: { tenantId_botId_clusterKey: { tenantId, botId: input.botId, clusterKey: gap.key } },
    create: { tenantId, botId: input.botId, clusterKey: gap.key, ...data },
    update: data,
    select: { id: true, status: true, sourceId: true, decidedAt: true },
  });
}

/**
 * Turns a gap into a new FAQ entry through the knowledge service (same validation, indexing and
 * phrasings as adding one by hand; the mutation is audited like every other) and marks it covered.
 */
export async function coverGap(db: Db, tenantId: string, userId: string, input: CoverGapRequest) {
  const { key, days, botId, knowledgeBaseId, ...faq } = input;
  const gap = await findGap(db, tenantId, { botId, key, days });
  const source = await addFaq(db, { tenantId, botId, knowledgeBaseId }, faq);
  const decision = await decide(db, tenantId, gap, { botId, userId, status: "COVERED", sourceId: source.id, texts: [faq.question, ...faq.alternatives] });
  return { source, decision };
}

/** Hides a gap that needs no knowledge (spam, a question for a person); its later misses stay counted. */
export async function dismissGap(db: DbTx, tenantId: string, userId: string, input: { botId: string; key: string; days: number }) {
  const gap = await findGap(db, tenantId, input);
  return decide(db, tenantId, gap, { botId: input.botId, userId, status: "DISMISSED", sourceId: null, texts: [] });
}

/** Undoes a decision: the gap is open again (an FAQ entry made from it stays). */
export async function reopenGap(db: DbTx, tenantId: string, input: { botId: string; key: string; days: number }) {
  const gap = await findGap(db, tenantId, input);
  if (gap.decision) await db.knowledgeGap.deleteMany({ where: { tenantId, botId: input.botId, id: gap.decision.id } });
  return { key: gap.key };
}
