import { type Db } from "@kefu/db";
import { type Decision } from "@kefu/domain";
import { bossFor } from "../platform/queue/queue.ts";
import { appendLoggedMessage } from "../conversations/index.ts";
import { appendEventsInTx, eventsCommitted } from "../platform/events/event-log.ts";
import { agentName, escalateConversation, lockedConversation, routeQueuedConversations, runTransition, type ConversationRef } from "./handoff.ts";
import { notificationsCommitted, queueRuleEvent } from "../notifications/index.ts";

/**
 * Carries out a rule decision on a conversation the bot still owns: messages, tags and priority
 * first, then the handoff (to the team's queue, to a named agent, or "leave a message" when nobody
 * is online). Notify actions are logged as agent-only events and queued for delivery (webhooks,
 * e-mail; notifications/outbox.ts) in the transaction of the change they report: with the
 * handoff when the rule escalates, else with the log entry ("conversation.flagged").
 */
export async function applyRuleDecision(db: Db, ref: ConversationRef, decision: Decision, now = new Date()) {
  const { tenantId, conversationId } = ref;
  const ruleId = decision.matched[0]?.ruleId ?? null;
  const tags = decision.actions.flatMap((a) => (a.kind === "add_tags" ? a.tags : []));
  const priority = decision.actions.find((a) => a.kind === "set_priority");
  const messages = decision.actions.flatMap((a) => (a.kind === "send_message" ? [a.text] : []));
  const notifications = decision.actions.filter((a) => a.kind === "notify");
  const flagBoss = notifications.length && !decision.escalate ? await bossFor(db) : null;
  if (messages.length || notifications.length || (!decision.escalate && (tags.length || priority))) {
    await db.$transaction(async (tx) => {
      await lockedConversation(tx, tenantId, conversationId);
      for (const text of messages) await appendLoggedMessage(tx, tenantId, conversationId, { role: "SYSTEM", content: text });
      if (notifications.length) {
        await appendEventsInTx(
          tx,
          tenantId,
          notifications.map((n) => ({ conversationId, type: "notify", audience: "AGENTS" as const, payload: { ...n, ruleId, reason: decision.reason } })),
        );
      }
      if (!decision.escalate && (tags.length || priority)) {
        await tx.conversation.updateMany({
          where: { id: conversationId, tenantId },
          data: { ...(tags.length ? { tags: { push: tags } } : {}), ...(priority?.kind === "set_priority" ? { priority: priority.priority } : {}) },
        });
      }
      if (flagBoss) {
        const queue = { position: null, offline: false };
        await queueRuleEvent({ boss: flagBoss, tx, tenantId }, conversationId, { actions: notifications, ruleId, reason: decision.reason ?? null, escalated: false, queue });
      }
    });
    eventsCommitted();
    if (flagBoss) notificationsCommitted(db);
  }
  if (!decision.escalate || !decision.reason) return null;

  const handoff = decision.actions.find((a) => a.kind === "handoff");
  const assign = decision.actions.find((a) => a.kind === "assign_agent");
  const result = await escalateConversation(
    db,
    ref,
    {
      reason: decision.reason,
      ruleId,
      teamId: handoff?.kind === "handoff" ? (handoff.teamId ?? null) : null,
      priority: priority?.kind === "set_priority" ? priority.priority : undefined,
      tags,
      offline: decision.offline,
      // A named agent gets it directly below, if they are online.
      route: !assign,
      notify: notifications,
    },
    now,
  );
  if (assign?.kind === "assign_agent" && !decision.offline) {
    const agent = await db.membership.findFirst({ where: { tenantId, userId: assign.agentId, presence: "ONLINE" }, select: { userId: true } });
    if (agent) {
      await runTransition(db, ref, async (_row, tx) => ({
        type: "assign",
        agentId: agent.userId,
        agentName: (await agentName(tx, tenantId, agent.userId)) ?? undefined,
      }));
    } else await routeQueuedConversations(db, tenantId, now);
  }
  return result;
}
