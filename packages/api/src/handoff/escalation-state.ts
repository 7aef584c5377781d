import { type DbTx } from "@kefu/db";
import {
  notFound,
  ZBusinessHours,
  ZCitations,
  ZEscalationCooldown,
  type BusinessHours,
  type EscalationCooldown,
  type EscalationState,
} from "@kefu/domain";
import { DOMAIN_STATUS, type StoredStatus } from "./status.ts";

/**
 * Builds the rule engine's input (domain EscalationState) from the database: the conversation's
 * transcript and counters, the tenant's business hours and who of the team is online. The
 * engine itself stays pure; everything it needs to know is loaded here, tenant-scoped.
 */

/** The bot's answer to the message being evaluated, when it is already known. */
export interface CurrentAnswer {
  answered: boolean;
  confidence: number | null;
  /** The retrieval's top source (a cited or top-ranked source id), for `topic` conditions. */
  topSourceId: string | null;
}

/** The tenant's schedule in the engine's shape; null = no schedule (always open). */
export async function businessHoursOf(db: DbTx, tenantId: string): Promise<BusinessHours | null> {
  const tenant = await db.tenant.findFirst({ where: { id: tenantId }, select: { timeZone: true, businessHours: true } });
  if (!tenant?.businessHours || typeof tenant.businessHours !== "object") return null;
  const parsed = ZBusinessHours.safeParse({ ...(tenant.businessHours as object), timeZone: tenant.timeZone });
  return parsed.success ? parsed.data : null;
}

/**
 * Who can take a conversation now: any member ONLINE, and per team whether one of its members
 * is. Concurrency limits are routing's business (handoff.ts); a full team still counts as online
 * so the visitor queues rather than being asked to leave a message.
 */
export async function presenceOf(db: DbTx, tenantId: string): Promise<{ agentsOnline: boolean; teamsOnline: Record<string, boolean> }> {
  const [online, teams] = await Promise.all([
    db.membership.count({ where: { tenantId, presence: "ONLINE" } }),
    db.team.findMany({
      where: { tenantId },
      select: { id: true, members: { where: { tenantId, membership: { presence: "ONLINE" } }, select: { membershipId: true }, take: 1 } },
    }),
  ]);
  return { agentsOnline: online > 0, teamsOnline: Object.fromEntries(teams.map((t) => [t.id, t.members.length > 0])) };
}

/** The knowledge base and FAQ category of a source, for `topic` conditions. */
export async function topicOfSource(db: DbTx, tenantId: string, sourceId: string | null): Promise<EscalationState["topic"]> {
  if (!sourceId) return null;
  const source = await db.knowledgeSource.findFirst({ where: { id: sourceId, tenantId }, select: { knowledgeBaseId: true, category: true } });
  return source ? { knowledgeBaseId: source.knowledgeBaseId, category: source.category } : null;
}

/** The conversation columns escalationStateFor reads. */
const ESCALATION_STATE_FIELDS = { status: true, unansweredStreak: true, createdAt: true, escalationCooldown: true } as const;
export interface EscalationStateRow {
  status: StoredStatus;
  unansweredStreak: number;
  createdAt: Date;
  escalationCooldown: unknown;
}

export interface ConversationStateOptions {
  /** The visitor message the rules are evaluated on. */
  latestVisitorText: string;
  now: Date;
  /**
   * True when `latestVisitorText` is not stored yet: it then counts as one more message.
   * Default false (the message was stored before evaluating, as sendVisitorMessage does).
   */
  pending?: boolean;
  /**
   * The bot's answer to this message when rules run after retrieval. Without it, `lastAnswer`
   * and `topic` come from the last stored bot message and the streak is the stored one; with it,
   * the streak includes this turn (reset by an answer, +1 by a decline).
   */
  currentAnswer?: CurrentAnswer;
  providerFailed?: boolean;
}

/**
 * The engine's view of a stored conversation. Throws NOT_FOUND for a conversation of another
 * tenant. Call: `escalationStateFor(db, tenantId, conversationId, { latestVisitorText, now })`,
 * then `evaluateRules(await engineRulesForBot(db, tenantId, botId), state, attributes, fixedClock(now))`.
 */
export async function escalationStateFor(
  db: DbTx,
  tenantId: string,
  conversationId: string,
  options: ConversationStateOptions,
): Promise<EscalationState> {
  const conversation = await db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: ESCALATION_STATE_FIELDS });
  if (!conversation) throw notFound("conversation");
  const [messageCount, lastBot, businessHours, presence] = await Promise.all([
    // What the visitor and the bot/agents said: system notices and internal notes do not count.
    db.message.count({ where: { tenantId, conversationId, role: { in: ["VISITOR", "BOT", "AGENT"] } } }),
    options.currentAnswer
      ? null
      : db.message.findFirst({
          where: { tenantId, conversationId, role: "BOT" },
          orderBy: { seq: "desc" },
          select: { confidence: true, citations: true },
        }),
    businessHoursOf(db, tenantId),
    presenceOf(db, tenantId),
  ]);

  let lastAnswer: EscalationState["lastAnswer"] = null;
  let topSourceId: string | null = null;
  let streak = conversation.unansweredStreak;
  if (options.currentAnswer) {
    lastAnswer = { answered: options.currentAnswer.answered, confidence: options.currentAnswer.confidence };
    topSourceId = options.currentAnswer.topSourceId;
    streak = options.currentAnswer.answered ? 0 : streak + 1;
  } else if (lastBot) {
    const citations = ZCitations.safeParse(lastBot.citations);
    const cited = citations.success ? citations.data : [];
    // A declined answer ("I don't know") carries no citation.
    lastAnswer = { answered: cited.length > 0, confidence: lastBot.confidence };
    topSourceId = cited[0]?.sourceId ?? null;
  }
  const cooldown = ZEscalationCooldown.safeParse(conversation.escalationCooldown);
  return {
    status: DOMAIN_STATUS[conversation.status],
    text: options.latestVisitorText,
    lastAnswer,
    consecutiveUnanswered: streak,
    messageCount: messageCount + (options.pending ? 1 : 0),
    startedAt: conversation.createdAt,
    topic: await topicOfSource(db, tenantId, topSourceId),
    ...presence,
    businessHours,
    providerFailed: options.providerFailed ?? false,
    cooldown: cooldown.success ? (cooldown.data as EscalationCooldown) : null,
  };
}

export interface HypotheticalStateOptions {
  text: string;
  now: Date;
  answer: CurrentAnswer | null;
  /** Turns the bot could not answer before this message. */
  unansweredStreak?: number;
  /** Messages before this one (default 0: the visitor's first message). */
  previousMessages?: number;
  startedAt?: Date;
}

/** The engine's view of a conversation that does not exist: a first message, for the rule tester. */
export async function hypotheticalEscalationState(db: DbTx, tenantId: string, options: HypotheticalStateOptions): Promise<EscalationState> {
  const [businessHours, presence, topic] = await Promise.all([
    businessHoursOf(db, tenantId),
    presenceOf(db, tenantId),
    topicOfSource(db, tenantId, options.answer?.topSourceId ?? null),
  ]);
  const streak = options.unansweredStreak ?? 0;
  return {
    status: "bot",
    text: options.text,
    lastAnswer: options.answer ? { answered: options.answer.answered, confidence: options.answer.confidence } : null,
    consecutiveUnanswered: options.answer && !options.answer.answered ? streak + 1 : options.answer ? 0 : streak,
    messageCount: (options.previousMessages ?? 0) + 1,
    startedAt: options.startedAt ?? options.now,
    topic,
    ...presence,
    businessHours,
    providerFailed: false,
    cooldown: null,
  };
}
