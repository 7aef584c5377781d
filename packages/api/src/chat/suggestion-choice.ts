import { answerFromKnowledge, answerFromSource, type KnowledgeAnswer } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError, toWellFormedText, ZMessageSuggestions, type MessageSuggestion, type RetrievalDoc } from "@kefu/domain";
import { botAnswerStream, botAnsweringFrom, thresholdsFor, type AnswerLog } from "../bots/index.ts";
import { findOpenConversation, type ConversationAfterAppend, type PublicBot, type VisitorSession } from "../conversations/index.ts";
import { botKnowledgeScope } from "../knowledge/index.ts";
import { answerConfigFor } from "./answer-config.ts";
import { answerUnderClaim, sendVisitorMessage, storeBotReply, storeClaimedVisitorMessage, type ChatStreamEvent } from "./answering.ts";

/** Passages of one entry read to answer it: a document longer than this is answered from its first ones. */
const MAX_ENTRY_CHUNKS = 500;

const notOffered = () => new DomainError("BAD_REQUEST", "suggestion_not_offered", "That choice is no longer available.");

/**
 * The entry a stored visitor message chose, when it is a choice: chat.chooseSuggestion stores the
 * visitor's message with the one entry chosen as its `suggestions` (typed messages have none).
 */
export function chosenEntryOf(message: { role: string; suggestions: unknown } | null): MessageSuggestion | null {
  if (message?.role !== "VISITOR") return null;
  const parsed = ZMessageSuggestions.safeParse(message.suggestions);
  return parsed.success && parsed.data.length === 1 ? parsed.data[0]! : null;
}

/**
 * The visitor chose one of a bot reply's "did you mean" entries. Only an entry that very reply
 * offered, in the visitor's own open conversation, is answered: another visitor's message, another
 * tenant's, or an entry it did not offer is refused as not found / not offered, never answered.
 * The choice is stored as the visitor's message (the entry's title), then answered like a confident
 * answer from that entry alone, with its citation, and counted as an answered turn. A repeated
 * clientMessageId replays the stored exchange (idempotent, like chat.send). The handoff rules are
 * not evaluated on a choice: the visitor wrote nothing, and the question itself was evaluated when
 * it was asked.
 */
export async function chooseSuggestion(
  db: Db,
  session: { bot: PublicBot; visitor: VisitorSession; log?: AnswerLog },
  input: { messageId: string; sourceId: string; clientMessageId: string },
): Promise<AsyncGenerator<ChatStreamEvent>> {
  const tenantId = session.bot.tenantId;
  // Checked before the stream starts, so a refusal is the call's error, not a broken stream.
  const conversation = await findOpenConversation(db, session.visitor);
  const offer = conversation
    ? await db.message.findFirst({
        where: { id: input.messageId, tenantId, conversationId: conversation.id, role: "BOT" },
        select: { seq: true, suggestions: true, confidence: true },
      })
    : null;
  if (!conversation || !offer) throw new DomainError("NOT_FOUND", "message_not_found", "This message is not in your conversation.");
  const offered = ZMessageSuggestions.safeParse(offer.suggestions);
  const chosen = offered.success ? offered.data.find((s) => s.sourceId === input.sourceId) : undefined;
  if (!chosen) throw notOffered();
  return answerChoice(db, session, { ...input, conversationId: conversation.id, offer, chosen });
}

async function* answerChoice(
  db: Db,
  session: { bot: PublicBot; visitor: VisitorSession; log?: AnswerLog },
  input: { clientMessageId: string; conversationId: string; offer: { seq: bigint; confidence: number | null }; chosen: MessageSuggestion },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, log } = session;
  const { offer, chosen } = input;
  const tenantId = bot.tenantId;
  const now = new Date();
  const conversation = { id: input.conversationId };
  const ref = { tenantId, conversationId: conversation.id };

  const stored = await storeClaimedVisitorMessage(db, ref, { content: chosen.title, suggestions: [chosen], clientMessageId: input.clientMessageId }, now);
  if (!stored) {
    // Chosen before (the same client id): the send path replays the exchange, or answers the
    // stored choice from its entry if it has no reply yet.
    yield* sendVisitorMessage(db, session, { text: chosen.title, clientMessageId: input.clientMessageId });
    return;
  }
  // The team may have the conversation: the bot then stays silent, as for a typed message.
  yield* answerUnderClaim(db, ref, stored, now, async function* (row) {
    // The passage of a document is picked with the visitor's own question (the one the offer answered).
    const asked = await db.message.findFirst({
      where: { tenantId, conversationId: conversation.id, role: "VISITOR", seq: { lt: offer.seq } },
      orderBy: { seq: "desc" },
      select: { content: true },
    });
    yield* answerChosenEntry(db, { bot, log, conversation: { id: conversation.id, row }, chosen, question: asked?.content, confidence: offer.confidence, now });
  });
}

/**
 * The bot's answer to a chosen entry, from that entry only: its passage quoted with its citation
 * (the extractive answer), or written by the bot's AI model from that passage alone when it has
 * one. Stored with the turn counted as answered. An entry removed since it was offered gets
 * "I don't know" (not answered).
 */
export async function* answerChosenEntry(
  db: Db,
  turn: {
    bot: PublicBot;
    log?: AnswerLog;
    conversation: { id: string; row: ConversationAfterAppend };
    chosen: MessageSuggestion;
    /** The question the suggestions answered, when known (else the entry's title is asked). */
    question?: string;
    /** The confidence the entry was offered with, when known. */
    confidence?: number | null;
    now: Date;
  },
): AsyncGenerator<ChatStreamEvent> {
  const { bot, log, chosen } = turn;
  const { tenantId } = bot;
  const ref = { tenantId, conversationId: turn.conversation.id };
  const [config, scope] = await Promise.all([answerConfigFor(db, bot), botKnowledgeScope(db, tenantId, bot.id)]);
  const { settings } = config;
  // Only the bot's own knowledge bases, of this tenant: an entry unlinked since is not answered.
  const chunks = await db.knowledgeChunk.findMany({
    where: { tenantId, sourceId: chosen.sourceId, knowledgeBaseId: { in: [...scope.knowledgeBaseIds] } },
    orderBy: { ordinal: "asc" },
    take: MAX_ENTRY_CHUNKS,
    select: { id: true, text: true, answer: true, headingPath: true, knowledgeBaseId: true, source: { select: { title: true } } },
  });
  const docs: RetrievalDoc[] = chunks.map((c) => ({ id: c.id, sourceId: chosen.sourceId, text: c.text, answer: c.answer, headingPath: c.headingPath, title: c.source.title }));
  const thresholds = await thresholdsFor(db, { bot: settings, scope, topKnowledgeBaseId: chunks[0]?.knowledgeBaseId ?? null });
  const question = turn.question?.trim() || chosen.title;
  const confidence = turn.confidence ?? 0;
  const decided: KnowledgeAnswer =
    answerFromSource({ question, docs, confidence, thresholds }) ??
    answerFromKnowledge({ question, docs: [], language: bot.language, thresholds });

  let final: KnowledgeAnswer | null = null;
  const chain = { tenantId, botId: bot.id, log, loaded: { setup: botAnsweringFrom(db, tenantId, settings) } };
  for await (const event of botAnswerStream(db, chain, { question, docs, language: bot.language, decided, thresholds })) {
    if (event.type === "delta" || event.type === "replace") yield { type: event.type, text: event.text };
    else final = event.answer;
  }
  if (!final) throw new DomainError("BAD_REQUEST", "no_answer", "The assistant could not answer. Please try again.");
  const reply = {
    content: toWellFormedText(final.text),
    citations: final.citations.map((c) => ({ sourceId: c.sourceId, title: c.title ?? "", snippet: c.snippet })),
    confidence: turn.confidence ?? null,
    notice: final.notice ?? null,
  };
  yield* storeBotReply(db, ref, { row: turn.conversation.row, answered: final.answered }, reply, { ranking: final.ranking });
}
