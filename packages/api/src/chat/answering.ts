import { answerFromKnowledge, type RankedSource } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError, IMAGE_ONLY_REPLY, isVisitorVisible, maskPii, toWellFormedText, type Citation, type Decision, type MessageSuggestion } from "@kefu/domain";
import { botAnswerStream, botAnsweringFrom, knowledgeBaseOfSource, thresholdsFor, type AnswerLog } from "../bots/index.ts";
import {
  appendMessageAndEvent,
  CONVERSATION_STATE_FIELDS,
  findOrStartConversation,
  listMessages,
  type ConversationAfterAppend,
  type NewMessage,
  type PublicBot,
  type VisitorChatMessage,
  type VisitorSession,
} from "../conversations/index.ts";
import {
  applyRuleDecision,
  countVisitorTurn,
  decideOnVisitorMessage,
  replyWhileOffline,
  type CurrentAnswer,
  visitorTurnWrite,
} from "../handoff/index.ts";
import { botKnowledgeScope, queryEmbedderFor, retrieverForTurn } from "../knowledge/index.ts";
import { readApiEnv } from "../platform/env.ts";
import { eventsCommitted } from "../platform/events/event-log.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { answerConfigFor, type AnswerConfig } from "./answer-config.ts";
import { turnsBeforeLatest } from "./rewrite-history.ts";
import { answerChosenEntry, chosenEntryOf } from "./suggestion-choice.ts";

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

/**
 * How long an answer may take before a resend, or the sweep, may answer the message instead:
 * `KEFU_ANSWER_CLAIM_MS` (default 60 s), read on use.
 */
export function answerClaimMs(): number {
  return readApiEnv().KEFU_ANSWER_CLAIM_MS;
}

const inProgress = () => new DomainError("CONFLICT", "message_in_progress", "This message is already being answered.");

/**
 * A released claim: long expired, so a resend or the sweep may claim the message at once, and
 * unlike "never claimed" (null, e.g. a message the team had) it tells the sweep the bot owes it an answer.
 */
export const RELEASED_CLAIM = new Date(0);

/** Gives a claim back, if it is still this request's (a later claim is left alone). */
export async function releaseAnswerClaim(db: Db, claim: { tenantId: string; messageId: string; claimedAt: Date }) {
  await db.message
    .updateMany({ where: { id: claim.messageId, tenantId: claim.tenantId, answerClaimedAt: claim.claimedAt }, data: { answerClaimedAt: RELEASED_CLAIM } })
    // The database may be what failed; the lease then frees the message.
    .catch(() => undefined);
}

/**
 * Stores a message with its event: one statement (conversations/append-message.ts), no
 * interactive transaction. Returns the conversation as the statement left it.
 */
export async function storeMessage(db: Db, ref: { tenantId: string; conversationId: string }, message: NewMessage, write?: Parameters<typeof appendMessageAndEvent>[3]) {
  const result = await appendMessageAndEvent(db, ref, message, write);
  eventsCommitted();
  return { ...result, message: result.message as VisitorChatMessage };
}

/** The exchange stored for a resent message: the visitor's message and the bot's reply to it, if any. */
export async function storedExchange(db: Db, tenantId: string, conversationId: string, fromSeq: bigint) {
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
 *
 * The common path (an open conversation, an answer, no handoff) is six statements and no
 * interactive transaction: the visitor, the conversation, the message stored already claimed
 * (returning the conversation's state), the knowledge bases, the vector search, and the reply
 * stored with the turn counter. The bot's settings and rules come from a per-process cache
 * (chat/answer-config.ts) keyed on the updatedAt the visitor call read with the bot.
 */
export async function* sendVisitorMessage(
  db: Db,
  session: { bot: PublicBot; visitor: VisitorSession; log?: AnswerLog },
  input: { text: string; clientMessageId: string; attachments?: NewMessage["attachments"] },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, visitor, log } = session;
  const tenantId = bot.tenantId;
  const now = new Date();
  const conversation = await findOrStartConversation(db, visitor);
  const ref = { tenantId, conversationId: conversation.id };
  // Read here (from the per-process cache) for the masking of what is stored; answering reads it again for free.
  const { masking } = await answerConfigFor(db, bot);
  const content = masking ? maskPii(input.text, masking) : input.text;

  // A new message is stored claimed by this request; a resend of one (the same client id) is
  // refused by the unique index and handled below, without a read on the common path.
  const stored = await storeClaimedVisitorMessage(db, ref, { content, clientMessageId: input.clientMessageId, attachments: input.attachments }, now);
  if (!stored) {
    yield* answerResentMessage(db, { ...session, ref, input, now });
    return;
  }
  yield* answerUnderClaim(db, ref, stored, now, (row) =>
    answerClaimedMessage(db, { bot, visitor, log, conversation: { id: conversation.id, row }, input, now }),
  );
}

/**
 * A visitor message stored already claimed by this request, so that it alone answers it; null when
 * a message with the same client id is stored already (a resend, refused by the unique index
 * without a read on the common path).
 */
export async function storeClaimedVisitorMessage(
  db: Db,
  ref: { tenantId: string; conversationId: string },
  message: Omit<NewMessage, "role" | "answerClaimedAt">,
  now: Date,
) {
  return storeMessage(db, ref, { ...message, role: "VISITOR", answerClaimedAt: now }).catch((error: unknown) => {
    if (isUniqueViolation(error)) return null;
    throw error;
  });
}

/**
 * A freshly stored, claimed visitor message answered by `answer`, unless the team has the
 * conversation (then the bot is silent and the message is left unclaimed). The state the store
 * returned is the committed one, so an agent takeover is seen; enforced here, not only in the widget.
 */
export async function* answerUnderClaim(
  db: Db,
  ref: { tenantId: string; conversationId: string },
  stored: NonNullable<Awaited<ReturnType<typeof storeClaimedVisitorMessage>>>,
  now: Date,
  answer: (row: ConversationAfterAppend) => AsyncGenerator<ChatStreamEvent>,
): AsyncGenerator<ChatStreamEvent> {
  if (!stored.conversation) throw new DomainError("NOT_FOUND", "conversation_not_found", "This conversation no longer exists.");
  const claim = { tenantId: ref.tenantId, messageId: stored.message.id, claimedAt: now };
  let finished = false;
  try {
    yield { type: "visitor_message", message: stored.message };
    const current = stored.conversation;
    if (current.status === "QUEUED" || current.status === "ASSIGNED") {
      // Never the bot's to answer, even after a hand-back: not claimed (the sweep skips it).
      await db.message.updateMany({ where: { id: claim.messageId, tenantId: ref.tenantId }, data: { answerClaimedAt: null } });
      finished = true;
      yield { type: "handoff", status: current.status };
      // Nobody online to read it: the visitor is not left without a word.
      const notice = current.status === "QUEUED" ? await replyWhileOffline(db, ref) : null;
      if (notice) yield { type: "system_message", message: notice as VisitorChatMessage };
      return;
    }
    yield* answer(current);
    finished = true;
  } finally {
    // A failed or abandoned answer gives its claim back at once, so the widget's own resend (or
    // the unanswered-message sweep, chat/unanswered.ts) answers it instead of waiting out the lease.
    if (!finished) await releaseAnswerClaim(db, claim);
  }
}

/**
 * The bot's reply stored with the turn counter in one statement; the counter only if the
 * conversation did not change meanwhile, else counted again on a fresh read. `shown` is what the
 * visitor sees now when it differs from what is stored (details restored from their placeholders).
 */
export async function* storeBotReply(
  db: Db,
  ref: { tenantId: string; conversationId: string },
  turn: { row: ConversationAfterAppend; answered: boolean },
  reply: Omit<NewMessage, "role">,
  shown: { content?: string; ranking?: RankedSource[] } = {},
): AsyncGenerator<ChatStreamEvent> {
  const write = visitorTurnWrite(turn.row, turn.answered);
  const stored = await storeMessage(db, ref, { ...reply, role: "BOT" }, write ?? undefined);
  yield { type: "bot_message", message: { ...stored.message, content: shown.content ?? stored.message.content }, ranking: shown.ranking };
  if (write && !stored.written) await countVisitorTurn(db, { ...ref, answered: turn.answered, row: null });
}

/** A message sent again with the same client id: its stored exchange replayed, or answered now if it has no reply yet. */
async function* answerResentMessage(
  db: Db,
  turn: { bot: PublicBot; visitor: VisitorSession; log?: AnswerLog; ref: { tenantId: string; conversationId: string }; input: { text: string; clientMessageId: string }; now: Date },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, visitor, log, ref, input, now } = turn;
  const { tenantId, conversationId } = ref;
  const previous = await db.message.findFirst({
    where: { tenantId, conversationId, clientMessageId: input.clientMessageId },
    select: { id: true, seq: true, role: true, suggestions: true },
  });
  // Stored in another conversation of this visitor (resolved meanwhile): too late to answer here.
  if (!previous) throw inProgress();
  const { visitorMessage, reply } = await storedExchange(db, tenantId, conversationId, previous.seq);
  if (visitorMessage) yield { type: "visitor_message", message: visitorMessage };
  if (reply) {
    yield { type: "bot_message", message: reply };
    return;
  }
  // Stored but not answered (the stream broke, or the team has it): answered now, if still the bot's.
  const current = await db.conversation.findFirstOrThrow({ where: { id: conversationId, tenantId }, select: CONVERSATION_STATE_FIELDS });
  if (current.status === "QUEUED" || current.status === "ASSIGNED") {
    yield { type: "handoff", status: current.status };
    return;
  }
  // One request answers a message: a resend racing the original gets CONFLICT, not a second answer.
  const claimed = await db.message.updateMany({
    where: { id: previous.id, tenantId, OR: [{ answerClaimedAt: null }, { answerClaimedAt: { lt: new Date(now.getTime() - answerClaimMs()) } }] },
    data: { answerClaimedAt: now },
  });
  if (claimed.count === 0) throw inProgress();
  let finished = false;
  try {
    // A chosen "did you mean" entry (chat.chooseSuggestion) is answered from that entry again.
    const chosen = chosenEntryOf(previous);
    if (chosen) yield* answerChosenEntry(db, { bot, log, conversation: { id: conversationId, row: current }, chosen, now });
    else yield* answerClaimedMessage(db, { bot, visitor, log, conversation: { id: conversationId, row: current }, input, now });
    finished = true;
  } finally {
    if (!finished) await releaseAnswerClaim(db, { tenantId, messageId: previous.id, claimedAt: now });
  }
}

/** Everything after the claim: retrieval, the rules' decision, the answer, the turn and the handoff. */
async function* answerClaimedMessage(
  db: Db,
  turn: {
    bot: PublicBot;
    visitor: VisitorSession;
    log?: AnswerLog;
    conversation: { id: string; row: ConversationAfterAppend };
    input: { text: string };
    now: Date;
  },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, visitor, log, input, now } = turn;
  const { tenantId } = bot;
  const conversation = turn.conversation;
  const current = conversation.row;
  const ref = { tenantId, conversationId: conversation.id };
  // An image without words (attachments/): the bot reads text only, so it says so rather than
  // searching nothing; an unanswered turn for the rules' streak.
  if (input.text.trim() === "") {
    yield* storeBotReply(db, ref, { row: current, answered: false }, { content: IMAGE_ONLY_REPLY[bot.language], citations: [], suggestions: [] });
    return;
  }
  const [config, scope] = await Promise.all([answerConfigFor(db, bot), botKnowledgeScope(db, tenantId, bot.id)]);
  const { settings } = config;
  // Retrieval first: the rules see this turn's confidence, so "I don't know" can hand off at once.
  const embedder = await queryEmbedderFor(db, tenantId, { id: bot.id, activeEmbeddingKey: settings.activeEmbeddingKey, redaction: config.redaction });
  // The bot's optional question rewrite (knowledge/question-rewrite.ts) changes only what is searched.
  const rewrite = { bot: { ...settings, id: bot.id, tenantId }, language: bot.language, history: () => turnsBeforeLatest(db, ref), log };
  const { retriever, hits, rewrite: rewriteReport } = await retrieverForTurn(db, scope, input.text, { embedder, rewrite });
  // The bot's thresholds decide, whoever writes the text (its AI model or the extractive answerer).
  const thresholds = await thresholdsFor(db, { bot: settings, scope, topKnowledgeBaseId: await knowledgeBaseOfSource(db, scope, hits[0]?.doc.sourceId) });
  // Retrieved and decided once: the rules see this decision, the answer chain answers from it.
  // "Did you mean" counts as not answered for the rules and the unanswered streak: nothing was
  // asserted; choosing an entry then counts as an answered turn (chat/suggestion-choice.ts).
  const decided = answerFromKnowledge({ question: input.text, topic: rewriteReport.rewritten ?? undefined, docs: retriever, language: bot.language, thresholds });
  const decision = await decideHandoff(db, {
    config,
    visitor,
    conversation,
    text: input.text,
    now,
    currentAnswer: { answered: decided.answered, confidence: decided.confidence, topSourceId: decided.ranking[0]?.sourceId ?? null },
  });

  // Asking for a person, or being upset, is not answered by the bot: the person comes instead.
  const botAnswers = !decision?.escalate || (decision.reason !== "visitor_asked" && decision.reason !== "sentiment");
  if (botAnswers) {
    let final: { content: string; citations: Citation[]; suggestions: MessageSuggestion[]; confidence: number; notice: string | null } | null = null;
    let answered = false;
    let ranking: RankedSource[] = [];
    const question = { question: input.text, docs: retriever, language: bot.language, decided, thresholds };
    // The provider is looked up (and its key decrypted) only when the bot answers.
    const setup = botAnsweringFrom(db, tenantId, settings);
    const chain = { tenantId, botId: bot.id, log, loaded: { setup } };
    for await (const event of botAnswerStream(db, chain, question)) {
      if (event.type === "delta" || event.type === "replace") yield { type: event.type, text: event.text };
      else {
        final = {
          // A remote model may stream a lone surrogate, which Postgres cannot store: repaired, not lost.
          content: toWellFormedText(event.answer.text),
          confidence: event.answer.confidence,
          citations: event.answer.citations.map((c) => ({ sourceId: c.sourceId, title: c.title ?? "", snippet: c.snippet })),
          suggestions: event.answer.suggestions,
          notice: event.answer.notice ?? null,
        };
        answered = event.answer.answered;
        ranking = event.answer.ranking;
      }
    }
    if (!final) throw new DomainError("BAD_REQUEST", "no_answer", "The assistant could not answer. Please try again.");
    // A reply may repeat the visitor's details (restored from placeholders): masked when stored,
    // as they are in this live answer to the visitor who gave them.
    const storedContent = config.masking ? maskPii(final.content, config.masking) : final.content;
    yield* storeBotReply(db, ref, { row: current, answered }, { ...final, content: storedContent }, { content: final.content, ranking });
  } else {
    await countVisitorTurn(db, { ...ref, answered: false, row: current });
  }

  if (decision && (decision.escalate || decision.actions.length > 0)) {
    const fromSeq = (await db.message.findFirst({ where: { tenantId, conversationId: conversation.id }, orderBy: { seq: "desc" }, select: { seq: true } }))!.seq;
    const result = await applyRuleDecision(db, ref, decision, now);
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
    config: AnswerConfig;
    visitor: VisitorSession;
    conversation: { id: string; row: ConversationAfterAppend };
    text: string;
    now: Date;
    currentAnswer: CurrentAnswer;
  },
): Promise<Decision | null> {
  const { config, visitor, conversation } = input;
  if (!config.settings.allowHandoff || config.rules.length === 0) return null;
  return decideOnVisitorMessage(db, {
    tenantId: visitor.tenantId,
    conversationId: conversation.id,
    row: conversation.row,
    rules: config.rules,
    facts: config.facts,
    businessHours: config.businessHours,
    attributes: visitor.attributes,
    attributesVerified: visitor.attributesVerified,
    unverifiedAttributeKeys: visitor.unverifiedAttributeKeys,
    text: input.text,
    now: input.now,
    currentAnswer: input.currentAnswer,
  });
}
