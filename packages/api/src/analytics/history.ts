import { type DbTx } from "@kefu/db";
import { ZEscalationReason, type ConversationHistory, type EscalationReason, type FactStatus } from "@kefu/domain";
import { z } from "zod";

/** Log event types that change what a conversation adds to the rollup (typing does not). */
export const FOLDED_EVENT_TYPES = ["message", "status", "rating", "answer_feedback", "escalation"] as const;

const ZStatusPayload = z.object({ status: z.enum(["BOT", "QUEUED", "ASSIGNED", "RESOLVED"]) });
const ZEscalationPayload = z.object({ reason: ZEscalationReason.nullable().catch(null), ruleId: z.string().nullable().catch(null) });
const ZCitedSources = z.array(z.object({ sourceId: z.string() })).catch([]);

export interface LoadedHistory {
  conversationId: string;
  botId: string;
  history: ConversationHistory;
}

/**
 * The facts of some conversations of one tenant, in four queries whatever their number: the rows,
 * their messages (in log order), their status and escalation events, and their answer feedback.
 * Conversations that no longer exist (purged) are simply absent.
 */
export async function loadHistories(db: DbTx, tenantId: string, conversationIds: readonly string[]): Promise<LoadedHistory[]> {
  if (conversationIds.length === 0) return [];
  const ids = [...conversationIds];
  const [conversations, messages, events, feedback] = await Promise.all([
    db.conversation.findMany({
      where: { tenantId, id: { in: ids } },
      select: { id: true, botId: true, createdAt: true, rating: true, queuedAt: true, assignedAt: true, resolvedAt: true, status: true, escalationReason: true, escalationRuleId: true },
    }),
    db.message.findMany({
      where: { tenantId, conversationId: { in: ids }, role: { in: ["VISITOR", "BOT", "AGENT"] } },
      orderBy: { seq: "asc" },
      select: { id: true, conversationId: true, role: true, createdAt: true, citations: true, content: true },
    }),
    db.conversationEvent.findMany({
      where: { tenantId, conversationId: { in: ids }, type: { in: ["status", "escalation"] } },
      orderBy: { seq: "asc" },
      select: { conversationId: true, type: true, payload: true, createdAt: true },
    }),
    db.answerFeedback.findMany({ where: { tenantId, conversationId: { in: ids } }, select: { conversationId: true, messageId: true, helpful: true } }),
  ]);
  const group = <T extends { conversationId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.conversationId, [...(map.get(row.conversationId) ?? []), row]);
    return map;
  };
  const messagesOf = group(messages);
  const eventsOf = group(events);
  const feedbackOf = group(feedback);
  return conversations.map((c) => {
    const transitions: { at: Date; status: FactStatus }[] = [];
    const escalations: { at: Date; reason: EscalationReason | null; ruleId: string | null }[] = [];
    for (const e of eventsOf.get(c.id) ?? []) {
      if (e.type === "status") {
        const parsed = ZStatusPayload.safeParse(e.payload);
        if (parsed.success) transitions.push({ at: e.createdAt, status: parsed.data.status });
      } else {
        const parsed = ZEscalationPayload.safeParse(e.payload);
        if (parsed.success) escalations.push({ at: e.createdAt, ...parsed.data });
      }
    }
    // Conversations written without status events (imported or seeded data) read from the row.
    if (transitions.length === 0) {
      if (c.queuedAt) transitions.push({ at: c.queuedAt, status: "QUEUED" });
      if (c.assignedAt) transitions.push({ at: c.assignedAt, status: "ASSIGNED" });
      if (c.resolvedAt && (c.queuedAt || c.assignedAt)) transitions.push({ at: c.resolvedAt, status: "RESOLVED" });
    }
    if (escalations.length === 0 && c.escalationReason && transitions.some((t) => t.status === "QUEUED")) {
      escalations.push({ at: c.queuedAt ?? c.createdAt, reason: c.escalationReason, ruleId: c.escalationRuleId });
    }
    return {
      conversationId: c.id,
      botId: c.botId,
      history: {
        createdAt: c.createdAt,
        messages: (messagesOf.get(c.id) ?? []).map((m) => ({
          id: m.id,
          role: m.role,
          at: m.createdAt,
          citedSourceIds: m.role === "BOT" ? ZCitedSources.parse(m.citations).map((s) => s.sourceId) : [],
          ...(m.role === "VISITOR" ? { text: m.content } : {}),
        })),
        transitions,
        escalations,
        feedback: (feedbackOf.get(c.id) ?? []).map((f) => ({ messageId: f.messageId, helpful: f.helpful })),
        rating: c.rating,
      },
    };
  });
}
