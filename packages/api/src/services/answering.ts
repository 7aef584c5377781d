import { streamAnswer, type RankedSource } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError, type Citation } from "@kefu/domain";
import { appendMessage, findOpenConversation, listMessages, type ChatMessage } from "./conversations.ts";
import { knowledgeBaseIdsForBot } from "./knowledge.ts";
import { isUniqueViolation } from "./prisma-errors.ts";
import { retrieverForKnowledgeBases } from "./retrieval-cache.ts";
import { type PublicBot, type VisitorRef } from "./visitors.ts";

export type ChatStreamEvent =
  | { type: "visitor_message"; message: ChatMessage }
  | { type: "delta"; text: string }
  | {
      type: "bot_message";
      message: ChatMessage;
      /**
       * The retrieval ranking behind a fresh answer (top sources by score, best first), for
       * evaluation. Not stored: a replayed exchange has none. The ids are the tenant's own
       * citation ids; the widget ignores it.
       */
      ranking?: RankedSource[];
    };

/**
 * A visitor's message and the bot's answer, streamed. The visitor message is
 * stored before answering; a repeated clientMessageId replays the stored
 * exchange instead of answering twice (idempotent sends).
 */
export async function* sendVisitorMessage(
  db: Db,
  bot: PublicBot,
  visitor: VisitorRef,
  input: { text: string; clientMessageId: string },
): AsyncGenerator<ChatStreamEvent> {
  const tenantId = bot.tenantId;
  const conversation =
    (await findOpenConversation(db, visitor)) ??
    (await db.conversation.create({
      data: { tenantId, botId: bot.id, visitorId: visitor.id },
      select: { id: true },
    }));

  const previous = await db.message.findFirst({
    where: { tenantId, conversationId: conversation.id, clientMessageId: input.clientMessageId },
    select: { seq: true },
  });
  if (previous) {
    const [visitorMessage, botMessage] = await listMessages(db, tenantId, conversation.id, { fromSeq: previous.seq, take: 2 });
    if (visitorMessage) yield { type: "visitor_message", message: visitorMessage };
    if (botMessage && botMessage.role === "BOT") {
      yield { type: "bot_message", message: botMessage };
      return;
    }
    // The visitor message was stored but its answer was not (the stream broke): answer now.
  }

  const visitorMessage = previous
    ? null
    : await appendMessage(db, tenantId, conversation.id, {
        role: "VISITOR",
        content: input.text,
        clientMessageId: input.clientMessageId,
      }).catch((error: unknown) => {
        // The same send arrived twice at once; the first one answers it.
        if (isUniqueViolation(error)) {
          throw new DomainError("CONFLICT", "message_in_progress", "This message is already being answered.");
        }
        throw error;
      });
  if (visitorMessage) yield { type: "visitor_message", message: visitorMessage };

  const kbIds = await knowledgeBaseIdsForBot(db, tenantId, bot.id);
  const { retriever } = await retrieverForKnowledgeBases(db, tenantId, kbIds);
  let final: { content: string; citations: Citation[]; confidence: number } | null = null;
  let ranking: RankedSource[] = [];
  for await (const event of streamAnswer({ question: input.text, docs: retriever, language: bot.language })) {
    if (event.type === "delta") yield { type: "delta", text: event.text };
    else {
      final = {
        content: event.answer.text,
        confidence: event.answer.confidence,
        citations: event.answer.citations.map((c) => ({ sourceId: c.sourceId, title: c.title ?? "", snippet: c.snippet })),
      };
      ranking = event.answer.ranking;
    }
  }
  if (!final) throw new DomainError("BAD_REQUEST", "no_answer", "The assistant could not answer. Please try again.");
  const botMessage = await appendMessage(db, tenantId, conversation.id, { role: "BOT", ...final });
  yield { type: "bot_message", message: botMessage, ranking };
}
