import { answerFromKnowledge, type RankedSource } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError, evaluateRules, fixedClock, isVisitorVisible, notFound, toWellFormedText, type Citation, type Decision } from "@kefu/domain";
import { BOT_ANSWERING_FIELDS, botAnswerStream, botAnsweringFrom, knowledgeBaseIdsForBot, type AnswerLog } from "../bots/index.ts";
import {
  appendLoggedMessage,
  findOrStartConversation,
  listMessages,
  type PublicBot,
  type VisitorChatMessage,
  type VisitorSession,
} from "../conversations/index.ts";
import {
  applyRuleDecision,
  countVisitorTurn,
  engineRulesForBot,
  ESCALATION_STATE_FIELDS,
  escalationStateFor,
  MACHINE_STATE_FIELDS,
  type CurrentAnswer,
  type EscalationStateRow,
  type MachineStateRow,
} from "../handoff/index.ts";
import { queryEmbedderFor, retrieverForQuestion } from "../knowledge/index.ts";
import { eventsCommitted, lockEventLog } from "../platform/events/event-log.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";

export type ChatStreamEvent =
  | { type: "visitor_message"; message: VisitorChatMessage }
  | { type: "delta"; text: string }
  /** Discard the text streamed so far and show this instead (the AI model failed mid-answer). */
  | { type: "replace"; text: string }
  | {
      type: "bot_message";
      message: VisitorChatMessage;
      /**
       * The retrieval ranking behind a fresh answer (top sources by score, best first), for
       * evaluation. Not stored: a replayed exchange has none. The ids are the tenant's own
       * citation ids; the widget ignores it.
       */
      ranking?: RankedSource[];
    }
  /** A notice for the visitor (handoff, queue position, rule message); also on the event stream. */
  | { type: "system_message"; message: VisitorChatMessage }
  /** The conversation is now with the team (queued or with an agent): the bot stays silent. */
  | { type: "handoff"; status: "QUEUED" | "ASSIGNED" };

/** How long an answer may take before a resend, or the sweep, may answer the message instead. */
export const ANSWER_CLAIM_MS = 60_000;
/** Every bot column one answer needs (embedder, threshold and model, handoff): read once per answer. */
const ANSWER_SETTINGS = { ...BOT_ANSWERING_FIELDS, activeEmbeddingKey: true, allowHandoff: true } as const;

const inProgress = () => new DomainError("CONFLICT", "message_in_progress", "This message is already being answered.");

/**
 * A released claim: long expired, so a resend or the sweep may claim the message at once, and
 * unlike "never claimed" (null, e.g. a message the team had) it tells the sweep the bot owes it an answer.
 */
export const RELEASED_CLAIM = new Date(0);

/** Gives a claim back, if it is still this request's (a later claim is left alone). */
async function releaseAnswerClaim(db: Db, claim: { tenantId: string; messageId: string; claimedAt: Date }) {
  await db.message
    .updateMany({ where: { id: claim.messageId, tenantId: claim.tenantId, answerClaimedAt: claim.claimedAt }, data: { answerClaimedAt: RELEASED_CLAIM } })
    // The database may be what failed; the lease then frees the message.
    .catch(() => undefined);
}

/** Stores a message with its event in a short transaction of its own. */
async function storeMessage(db: Db, tenantId: string, conversationId: string, message: Parameters<typeof appendLoggedMessage>[3]) {
  const stored = await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    return appendLoggedMessage(tx, tenantId, conversationId, message);
  });
  eventsCommitted();
  return stored as VisitorChatMessage;
}

/** The exchange stored for a resent message: the visitor's message and the bot's reply to it, if any. */
async function storedExchange(db: Db, tenantId: string, conversationId: string, fromSeq: bigint) {
  const after = (await listMessages(db, tenantId, conversationId, { fromSeq, take: 20 })).filter(isVisitorVisible);
  const [visitorMessage, ...rest] = after;
  const nextVisitor = rest.findIndex((m) => m.role === "VISITOR");
  const reply = (nextVisitor < 0 ? rest : rest.slice(0, nextVisitor)).find((m) => m.role === "BOT");
  return { visitorMessage, reply };
}

/**
 * A visitor's message, then what happens to it, streamed: while the bot owns the conversation the
 * handoff rules are evaluated (with this turn's retrieval confidence) and the bot answers unless a
 * rule hands the visitor straight to a person; while the team owns it the bot stays silent, and
 * the message reaches agents through the event log. A repeated clientMessageId replays the stored
 * exchange instead of answering twice (idempotent sends).
 */
export async function* sendVisitorMessage(
  db: Db,
  session: { bot: PublicBot; visitor: VisitorSession; log?: AnswerLog },
  input: { text: string; clientMessageId: string },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, visitor, log } = session;
  const tenantId = bot.tenantId;
  const now = new Date();
  const conversation = await findOrStartConversation(db, visitor);

  const previous = await db.message.findFirst({
    where: { tenantId, conversationId: conversation.id, clientMessageId: input.clientMessageId },
    select: { id: true, seq: true },
  });
  if (previous) {
    const { visitorMessage, reply } = await storedExchange(db, tenantId, conversation.id, previous.seq);
    if (visitorMessage) yield { type: "visitor_message", message: visitorMessage };
    if (reply) {
      yield { type: "bot_message", message: reply };
      return;
    }
    // Stored but not answered (the stream broke, or the team has it): carry on below.
  }

  // A new message is stored claimed by this request (one statement instead of two); a resent one
  // is claimed below, once we know the bot still owns the conversation.
  let visitorMessageId: string;
  let claimedAt: Date | null = null;
  let stored: VisitorChatMessage | null = null;
  if (previous) visitorMessageId = previous.id;
  else {
    stored = await storeMessage(db, tenantId, conversation.id, {
      role: "VISITOR",
      content: input.text,
      clientMessageId: input.clientMessageId,
      answerClaimedAt: now,
    }).catch((error: unknown) => {
      // The same send arrived twice at once; the first one answers it.
      if (isUniqueViolation(error)) throw inProgress();
      throw error;
    });
    visitorMessageId = stored.id;
    claimedAt = now;
  }

  let finished = false;
  try {
    if (stored) yield { type: "visitor_message", message: stored };
    // Read after storing the message, so an agent takeover committed meanwhile is seen. The rules'
    // state reuses this row (escalationStateFor does not read it again).
    const current = await db.conversation.findFirstOrThrow({
      where: { id: conversation.id, tenantId },
      select: { ...ESCALATION_STATE_FIELDS, ...MACHINE_STATE_FIELDS },
    });
    // Enforced here, not only in the widget: once the team has the conversation the bot is silent.
    if (current.status === "QUEUED" || current.status === "ASSIGNED") {
      // Never the bot's to answer, even after a hand-back: not claimed (the sweep skips it).
      if (claimedAt) await db.message.updateMany({ where: { id: visitorMessageId, tenantId }, data: { answerClaimedAt: null } });
      if (!previous) await db.conversation.updateMany({ where: { id: conversation.id, tenantId }, data: { lastMessageAt: now } });
      finished = true;
      yield { type: "handoff", status: current.status };
      return;
    }
    if (!claimedAt) {
      // One request answers a message: a resend racing the original gets CONFLICT, not a second answer.
      const claimed = await db.message.updateMany({
        where: { id: visitorMessageId, tenantId, OR: [{ answerClaimedAt: null }, { answerClaimedAt: { lt: new Date(now.getTime() - ANSWER_CLAIM_MS) } }] },
        data: { answerClaimedAt: now },
      });
      if (claimed.count === 0) throw inProgress();
      claimedAt = now;
    }
    yield* answerClaimedMessage(db, { bot, visitor, log, conversation: { id: conversation.id, row: current }, input, now });
    finished = true;
  } finally {
    // A failed or abandoned answer gives its claim back at once, so the widget's own resend (or
    // the unanswered-message sweep, chat/unanswered.ts) answers it instead of waiting out the lease.
    if (!finished && claimedAt) await releaseAnswerClaim(db, { tenantId, messageId: visitorMessageId, claimedAt });
  }
}

/** Everything after the claim: retrieval, the rules' decision, the answer, the turn and the handoff. */
async function* answerClaimedMessage(
  db: Db,
  turn: {
    bot: PublicBot;
    visitor: VisitorSession;
    log?: AnswerLog;
    conversation: { id: string; row: EscalationStateRow & MachineStateRow };
    input: { text: string };
    now: Date;
  },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, visitor, log, input, now } = turn;
  const { tenantId } = bot;
  const conversation = turn.conversation;
  const current = conversation.row;
  const settings = await db.bot.findFirst({ where: { id: bot.id, tenantId }, select: ANSWER_SETTINGS });
  if (!settings) throw notFound("bot");
  // Retrieval first: the rules see this turn's confidence, so "I don't know" can hand off at once.
  const knowledgeBaseIds = await knowledgeBaseIdsForBot(db, tenantId, bot.id);
  const embedder = await queryEmbedderFor(db, tenantId, { id: bot.id, activeEmbeddingKey: settings.activeEmbeddingKey });
  const { retriever } = await retrieverForQuestion(db, { tenantId, knowledgeBaseIds }, input.text, { embedder });
  // The probe uses the bot's own threshold, as the answer (and its fallback without a usable
  // provider) does: the provider only writes the text.
  const threshold = settings.answerThreshold;
  // Retrieved and decided once: the rules see this decision, the answer chain answers from it.
  const decided = answerFromKnowledge({ question: input.text, docs: retriever, language: bot.language, threshold });
  const decision = await decideHandoff(db, {
    bot,
    visitor,
    allowHandoff: settings.allowHandoff,
    conversation,
    text: input.text,
    now,
    currentAnswer: { answered: decided.answered, confidence: decided.confidence, topSourceId: decided.ranking[0]?.sourceId ?? null },
  });

  // Asking for a person, or being upset, is not answered by the bot: the person comes instead.
  const botAnswers = !decision?.escalate || (decision.reason !== "visitor_asked" && decision.reason !== "sentiment");
  let answered = false;
  if (botAnswers) {
    let final: { content: string; citations: Citation[]; confidence: number; notice: string | null } | null = null;
    let ranking: RankedSource[] = [];
    const question = { question: input.text, docs: retriever, language: bot.language, decided };
    // The provider is looked up (and its key decrypted) only when the bot answers.
    const setup = botAnsweringFrom(db, tenantId, settings);
    const chain = { tenantId, botId: bot.id, log, loaded: { answerThreshold: settings.answerThreshold, setup } };
    for await (const event of botAnswerStream(db, chain, question)) {
      if (event.type === "delta" || event.type === "replace") yield { type: event.type, text: event.text };
      else {
        final = {
          // A remote model may stream a lone surrogate, which Postgres cannot store: repaired, not lost.
          content: toWellFormedText(event.answer.text),
          confidence: event.answer.confidence,
          citations: event.answer.citations.map((c) => ({ sourceId: c.sourceId, title: c.title ?? "", snippet: c.snippet })),
          notice: event.answer.notice ?? null,
        };
        answered = event.answer.answered;
        ranking = event.answer.ranking;
      }
    }
    if (!final) throw new DomainError("BAD_REQUEST", "no_answer", "The assistant could not answer. Please try again.");
    const botMessage = await storeMessage(db, tenantId, conversation.id, { role: "BOT", ...final });
    yield { type: "bot_message", message: botMessage, ranking };
  }
  await countVisitorTurn(db, { tenantId, conversationId: conversation.id, answered, row: current });

  if (decision && (decision.escalate || decision.actions.length > 0)) {
    const fromSeq = (await db.message.findFirst({ where: { tenantId, conversationId: conversation.id }, orderBy: { seq: "desc" }, select: { seq: true } }))!.seq;
    const result = await applyRuleDecision(db, { tenantId, conversationId: conversation.id }, decision, now);
    for (const message of await listMessages(db, tenantId, conversation.id, { fromSeq: fromSeq + 1n })) {
      if (message.role === "SYSTEM") yield { type: "system_message", message: message as VisitorChatMessage };
    }
    if (result && (result.status === "QUEUED" || result.status === "ASSIGNED")) yield { type: "handoff", status: result.status };
  }
}

/** The rule decision for this message, or null when the bot does not hand off at all. */
async function decideHandoff(
  db: Db,
  input: {
    bot: PublicBot;
    visitor: VisitorSession;
    allowHandoff: boolean;
    conversation: { id: string; row: EscalationStateRow };
    text: string;
    now: Date;
    currentAnswer: CurrentAnswer;
  },
): Promise<Decision | null> {
  const { bot, visitor, conversation, text, now, currentAnswer } = input;
  if (!input.allowHandoff) return null;
  const rules = await engineRulesForBot(db, bot.tenantId, bot.id);
  if (rules.length === 0) return null;
  const state = await escalationStateFor(db, bot.tenantId, conversation.id, {
    latestVisitorText: text,
    now,
    currentAnswer,
    conversation: conversation.row,
  });
  // The attributes came with the visitor's token lookup (visitors.ts findVisitorSession).
  return evaluateRules(rules, state, visitor.attributes, fixedClock(now));
}
