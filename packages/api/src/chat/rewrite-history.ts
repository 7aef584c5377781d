import { type RewriteTurn } from "@kefu/ai";
import { type Db } from "@kefu/db";

/** Turns of context a question rewrite sees (the visitor's and the bot's messages before it). */
export const REWRITE_HISTORY_TURNS = 6;

/**
 * The last turns of a conversation before its newest visitor message, oldest first: what a
 * question rewrite (knowledge/question-rewrite.ts) needs to resolve "and for Canada?". Read only
 * when the bot rewrites questions. Stored text (masked when the bot masks personal data).
 */
export async function turnsBeforeLatest(db: Db, ref: { tenantId: string; conversationId: string }): Promise<RewriteTurn[]> {
  const rows = await db.message.findMany({
    where: { tenantId: ref.tenantId, conversationId: ref.conversationId, role: { in: ["VISITOR", "BOT"] } },
    orderBy: { seq: "desc" },
    take: REWRITE_HISTORY_TURNS + 1,
    select: { role: true, content: true },
  });
  // The newest is the question being answered.
  return rows
    .slice(1)
    .reverse()
    .map((m) => ({ role: m.role === "VISITOR" ? ("visitor" as const) : ("bot" as const), text: m.content }));
}
