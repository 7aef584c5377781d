import { createChatModel, generateHandoffSummary } from "@kefu/ai";
import { Prisma, type Db, type DbTx } from "@kefu/db";
import {
  DomainError,
  handoffSummary,
  noticeText,
  notFound,
  pickAgent,
  transition,
  ZEscalationCooldown,
  type ConversationEffect,
  type ConversationEvent,
  type ConversationMachineState,
  type EscalationReason,
  type Priority,
  type TransitionError,
  visitorAgentName,
} from "@kefu/domain";
import { BOT_ANSWERING_FIELDS, botAnsweringFrom, type BotAnsweringRow } from "../bots/index.ts";
import { appendLoggedMessage, MACHINE_STATE_FIELDS } from "../conversations/index.ts";
import { DOMAIN_STATUS, STORED_STATUS } from "./status.ts";
import { appendEventsInTx, eventsCommitted, lockEventLog } from "../platform/events/event-log.ts";
import { notificationsCommitted, outboxFor, queueResolved, queueRuleEvent, type NotifyAction } from "../notifications/index.ts";
import { bossFor } from "../platform/queue/queue.ts";

/**
 * The live handoff: conversation state transitions (packages/domain state machine) applied to the
 * database, with the visitor told about each one and every change written to the event log.
 *
 * Every transition takes the event-log lock first (platform/events/event-log.ts), so transitions are serialised:
 * two agents claiming at once, or fifty visitors escalating at once, cannot both win, and the log
 * order is the order things happened.
 */

/** The conversation columns the state machine's state is made of (machineStateOf); listed in conversations/append-message.ts. */
export { MACHINE_STATE_FIELDS };
export type MachineStateRow = Prisma.ConversationGetPayload<{ select: typeof MACHINE_STATE_FIELDS }>;

const CONVERSATION_STATE = { id: true, tenantId: true, ...MACHINE_STATE_FIELDS, bot: { select: { language: true } } } as const;

type ConversationStateRow = Prisma.ConversationGetPayload<{ select: typeof CONVERSATION_STATE }>;

export function machineStateOf(row: MachineStateRow): ConversationMachineState {
  const cooldown = ZEscalationCooldown.safeParse(row.escalationCooldown);
  return {
    status: DOMAIN_STATUS[row.status],
    agentId: row.assigneeId,
    teamId: row.teamId,
    reason: row.escalationReason,
    escalatedByRuleId: row.escalationRuleId,
    cooldown: cooldown.success ? cooldown.data : null,
    counters: { visitorTurns: 0, consecutiveUnanswered: row.unansweredStreak },
  };
}

export const TRANSITION_MESSAGES: Record<TransitionError, string> = {
  already_escalated: "This conversation is already with the team.",
  not_queued: "This conversation is not waiting for an agent.",
  not_assigned: "This conversation is not assigned to an agent.",
  already_assigned: "Another agent has already taken this conversation.",
  not_owner: "Only the agent who owns this conversation can do that.",
  already_resolved: "This conversation is already resolved.",
  not_resolved: "This conversation is not resolved.",
  invalid_transfer: "Choose another agent or a team to transfer to.",
  nothing_to_time_out: "This conversation has no agent to time out.",
};

export async function lockedConversation(tx: DbTx, tenantId: string, conversationId: string) {
  await lockEventLog(tx);
  const row = await tx.conversation.findFirst({ where: { id: conversationId, tenantId }, select: CONVERSATION_STATE });
  if (!row) throw notFound("conversation");
  return row;
}

/** A member's name as visitors see it (status events, the "joined" notice): null when they have none to show. */
export async function agentName(tx: DbTx, tenantId: string, userId: string): Promise<string | null> {
  const member = await tx.membership.findFirst({ where: { tenantId, userId }, select: { user: { select: { name: true, email: true } } } });
  return member ? visitorAgentName(member.user) : null;
}

/** Writes a transition's next state and effects; the caller holds the lock (lockedConversation). */
async function applyTransition(
  tx: DbTx,
  row: ConversationStateRow,
  event: ConversationEvent,
  { now, extra = {} }: { now: Date; extra?: Prisma.ConversationUpdateManyMutationInput },
): Promise<{ next: ConversationMachineState; effects: ConversationEffect[] }> {
  const state = machineStateOf(row);
  const result = transition(state, event);
  if (!result.ok) throw new DomainError("CONFLICT", result.error, TRANSITION_MESSAGES[result.error]);
  const { next, effects } = result;
  const statusChanged = next.status !== state.status;
  await tx.conversation.updateMany({
    where: { id: row.id, tenantId: row.tenantId },
    data: {
      status: STORED_STATUS[next.status],
      assigneeId: next.agentId,
      teamId: next.teamId,
      // A resolved conversation keeps why it escalated, for the inbox and reports.
      ...(next.status === "resolved" ? {} : { escalationReason: next.reason, escalationRuleId: next.escalatedByRuleId }),
      escalationCooldown: next.cooldown ?? Prisma.DbNull,
      unansweredStreak: next.counters.consecutiveUnanswered,
      ...(statusChanged && next.status === "queued" ? { queuedAt: now } : {}),
      ...(statusChanged && next.status === "assigned" ? { assignedAt: now, lastAgentActivityAt: now } : {}),
      ...(next.status === "resolved" ? { resolvedAt: now } : {}),
      ...(next.status === "bot" && statusChanged ? { queuedAt: null, assignedAt: null } : {}),
      ...extra,
    },
  });
  const language = row.bot.language;
  for (const effect of effects) {
    if (effect.type === "notice") {
      await appendLoggedMessage(tx, row.tenantId, row.id, { role: "SYSTEM", content: noticeText(effect.notice, language) });
    } else if (effect.type === "collect_contact" || effect.type === "request_rating") {
      await appendEventsInTx(tx, row.tenantId, [{ conversationId: row.id, type: effect.type, payload: {} }]);
    } else if (effect.type === "record_escalation") {
      // Each hand-off's reason, kept in the log: the row holds only the latest (analytics).
      await appendEventsInTx(tx, row.tenantId, [
        { conversationId: row.id, type: "escalation", audience: "AGENTS", payload: { reason: effect.reason, ruleId: effect.ruleId } },
      ]);
    }
  }
  await appendEventsInTx(tx, row.tenantId, [
    {
      conversationId: row.id,
      type: "status",
      payload: {
        status: STORED_STATUS[next.status],
        assigneeId: next.agentId,
        assigneeName: next.agentId ? await agentName(tx, row.tenantId, next.agentId) : null,
        teamId: next.teamId,
      },
    },
  ]);
  return result;
}

/** A conversation of a tenant: what every transition is addressed to. */
export interface ConversationRef {
  tenantId: string;
  conversationId: string;
}

/** Runs one transition in its own transaction and wakes this process's streams. */
export async function runTransition(
  db: Db,
  { tenantId, conversationId }: ConversationRef,
  makeEvent: (row: ConversationStateRow, tx: DbTx) => Promise<ConversationEvent> | ConversationEvent,
  options: {
    now?: Date;
    extra?: Prisma.ConversationUpdateManyMutationInput;
    /** More writes in the same transaction, after the transition (e.g. the notification outbox). */
    after?: (tx: DbTx, row: ConversationStateRow) => Promise<unknown>;
  } = {},
) {
  const { now = new Date(), extra, after } = options;
  const result = await db.$transaction(async (tx) => {
    const row = await lockedConversation(tx, tenantId, conversationId);
    const applied = await applyTransition(tx, row, await makeEvent(row, tx), { now, extra });
    await after?.(tx, row);
    return applied;
  });
  eventsCommitted();
  if (after) notificationsCommitted(db);
  return { status: STORED_STATUS[result.next.status], assigneeId: result.next.agentId };
}

/** Waiting conversations ahead of (and including) a new one in its team's queue. */
async function queuePosition(tx: DbTx, tenantId: string, teamId: string | null) {
  return (await tx.conversation.count({ where: { tenantId, status: "QUEUED", teamId } })) + 1;
}

export interface EscalationRequest {
  reason: EscalationReason;
  ruleId?: string | null;
  teamId?: string | null;
  priority?: Priority;
  tags?: string[];
  /** No agent of the team is online: the visitor is asked to leave a message instead of waiting. */
  offline?: boolean;
  /** Route to a free agent right away (default true). */
  route?: boolean;
  /** The rule's notify actions: `conversation.escalated` is queued in the escalation's transaction. */
  notify?: NotifyAction[];
}

/**
 * What the agent sees first: what the visitor wants and what the bot tried. Written by the bot's
 * chat model when it has one (a few seconds at most), else extractive; a failing model falls back.
 */
async function summaryForHandoff(
  db: Db,
  { tenantId, conversationId }: ConversationRef,
  bot: BotAnsweringRow & { tenantId: string; language: "en" | "zh" },
  log?: (event: string, details: Record<string, unknown>) => void,
) {
  const { language } = bot;
  const messages = await db.message.findMany({
    where: { tenantId, conversationId, role: { in: ["VISITOR", "BOT"] } },
    orderBy: { seq: "asc" },
    select: { role: true, content: true, confidence: true, citations: true },
  });
  // A bot reply without citations declined (or only offered "did you mean"): the question is still open.
  const transcript = messages.map((m) =>
    m.role === "VISITOR"
      ? { role: "visitor" as const, text: m.content }
      : { role: "bot" as const, text: m.content, confidence: m.confidence ?? undefined, answered: Array.isArray(m.citations) && m.citations.length > 0 },
  );
  const extractive = { ...handoffSummary(transcript, language), by: "extractive" as const };
  // Read through the conversation, so checked: only the tenant's own bot's model writes it.
  const setup = bot.tenantId === tenantId ? await botAnsweringFrom(db, tenantId, bot).catch(() => null) : null;
  if (!setup?.chat || transcript.length === 0) return extractive;
  try {
    const { providerId: _providerId, ...config } = setup.chat;
    const generated = await generateHandoffSummary({
      model: createChatModel(config),
      transcript,
      language,
      timeoutMs: Math.min(config.timeoutMs ?? SUMMARY_TIMEOUT_MS, SUMMARY_TIMEOUT_MS),
      redaction: setup.redaction,
    });
    return { ...generated, by: "model" as const };
  } catch (error) {
    log?.("handoff.summary_failed", { tenantId, conversationId, reason: error instanceof Error ? error.message : "unknown" });
    return extractive;
  }
}
const SUMMARY_TIMEOUT_MS = 8000;

/** Hands a conversation from the bot to the team's queue, then routes it if an agent is free. */
export async function escalateConversation(db: Db, ref: ConversationRef, request: EscalationRequest, now = new Date()) {
  const { tenantId, conversationId } = ref;
  // The bot's model settings come with the conversation: the summary reads no bot row of its own.
  const target = await db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: { bot: { select: { tenantId: true, language: true, ...BOT_ANSWERING_FIELDS } } } });
  if (!target) throw notFound("conversation");
  // Before the transaction: a model call must not hold the event-log lock.
  const summary = await summaryForHandoff(db, ref, target.bot);
  const notify = request.notify ?? [];
  const boss = notify.length ? await bossFor(db) : null;
  const result = await db.$transaction(async (tx) => {
    const row = await lockedConversation(tx, tenantId, conversationId);
    const teamId = request.teamId ?? null;
    const position = request.offline ? null : await queuePosition(tx, tenantId, teamId);
    const applied = await applyTransition(
      tx,
      row,
      {
        type: "escalate",
        reason: request.reason,
        ruleId: request.ruleId ?? null,
        teamId,
        offline: request.offline ?? false,
        queuePosition: position,
      },
      {
        now,
        extra: {
          handoffSummary: summary as unknown as Prisma.InputJsonValue,
          ...(request.priority ? { priority: request.priority } : {}),
          ...(request.tags?.length ? { tags: { push: request.tags } } : {}),
        },
      },
    );
    if (boss) {
      await queueRuleEvent({ boss, tx, tenantId }, conversationId, {
        actions: notify,
        ruleId: request.ruleId ?? null,
        reason: request.reason,
        escalated: true,
        queue: { position, offline: request.offline ?? false },
      });
    }
    return applied;
  });
  eventsCommitted();
  if (boss) notificationsCommitted(db);
  if (!request.offline && request.route !== false && (await routeQueuedConversations(db, tenantId, now)) > 0) {
    const routed = await db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: { status: true } });
    return { status: routed?.status ?? STORED_STATUS[result.next.status] };
  }
  return { status: STORED_STATUS[result.next.status] };
}

/**
 * Assigns waiting conversations (most urgent, then oldest first) round-robin to online agents of
 * their team who are under their concurrency limit. Serialised by the event-log lock, so a
 * conversation is assigned once and no agent goes over their limit however many run at once.
 */
export async function routeQueuedConversations(db: Db, tenantId: string, now = new Date()): Promise<number> {
  const assigned = await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    const queued = await tx.conversation.findMany({
      where: { tenantId, status: "QUEUED" },
      orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
      select: { id: true, teamId: true, priority: true },
    });
    if (queued.length === 0) return 0;
    const order: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
    queued.sort((a, b) => order[a.priority] - order[b.priority]);

    const members = await tx.membership.findMany({
      where: { tenantId },
      select: { userId: true, presence: true, maxConcurrent: true, teams: { select: { teamId: true } } },
    });
    const load = new Map<string, number>();
    for (const row of await tx.conversation.groupBy({
      by: ["assigneeId"],
      where: { tenantId, status: "ASSIGNED", assigneeId: { not: null } },
      _count: { _all: true },
    })) {
      if (row.assigneeId) load.set(row.assigneeId, row._count._all);
    }
    const teams = await tx.team.findMany({ where: { tenantId }, select: { id: true, lastAssignedUserId: true } });
    const cursors = new Map<string | null, string | null>(teams.map((t) => [t.id, t.lastAssignedUserId]));
    if (!cursors.has(null)) {
      const last = await tx.conversation.findFirst({
        where: { tenantId, teamId: null, assignedAt: { not: null } },
        orderBy: { assignedAt: "desc" },
        select: { assigneeId: true },
      });
      cursors.set(null, last?.assigneeId ?? null);
    }

    let count = 0;
    for (const conversation of queued) {
      const candidates = members
        .filter((m) => conversation.teamId === null || m.teams.some((t) => t.teamId === conversation.teamId))
        .map((m) => ({ agentId: m.userId, presence: m.presence, maxConcurrent: m.maxConcurrent, openConversations: load.get(m.userId) ?? 0 }));
      const agentId = pickAgent(candidates, cursors.get(conversation.teamId) ?? null);
      if (!agentId) continue;
      const row = await tx.conversation.findFirstOrThrow({ where: { id: conversation.id, tenantId }, select: CONVERSATION_STATE });
      await applyTransition(tx, row, { type: "assign", agentId, agentName: (await agentName(tx, tenantId, agentId)) ?? undefined }, { now });
      load.set(agentId, (load.get(agentId) ?? 0) + 1);
      cursors.set(conversation.teamId, agentId);
      if (conversation.teamId) await tx.team.updateMany({ where: { id: conversation.teamId, tenantId }, data: { lastAssignedUserId: agentId } });
      count++;
    }
    return count;
  });
  if (assigned > 0) eventsCommitted();
  return assigned;
}

export async function claimConversation(db: Db, tenantId: string, conversationId: string, agentId: string) {
  const name = await agentName(db, tenantId, agentId);
  return runTransition(db, { tenantId, conversationId }, () => ({ type: "claim", agentId, agentName: name ?? undefined }));
}

export async function transferConversation(
  db: Db,
  tenantId: string,
  conversationId: string,
  target: { agentId?: string; teamId?: string },
) {
  if (target.agentId) {
    const member = await db.membership.findFirst({ where: { tenantId, userId: target.agentId }, select: { id: true } });
    if (!member) throw notFound("agent");
  }
  if (target.teamId && !(await db.team.findFirst({ where: { id: target.teamId, tenantId }, select: { id: true } }))) throw notFound("team");
  const name = target.agentId ? await agentName(db, tenantId, target.agentId) : null;
  const result = await runTransition(db, { tenantId, conversationId }, async (row, tx) => ({
    type: "transfer",
    agentId: target.agentId,
    agentName: name ?? undefined,
    teamId: target.teamId,
    queuePosition: target.agentId ? null : await queuePosition(tx, tenantId, target.teamId ?? row.teamId),
  }));
  if (!target.agentId) await routeQueuedConversations(db, tenantId);
  return result;
}

/**
 * Puts the conversations an agent holds back in their queues (team kept), for when the agent
 * leaves the workspace: routing then gives them to the agents who remain.
 */
export async function requeueAgentConversations(db: Db, tenantId: string, agentId: string): Promise<number> {
  const held = await db.conversation.findMany({ where: { tenantId, assigneeId: agentId, status: "ASSIGNED" }, select: { id: true } });
  for (const { id } of held) {
    await runTransition(db, { tenantId, conversationId: id }, async (row, tx) => ({
      type: "requeue",
      queuePosition: await queuePosition(tx, tenantId, row.teamId),
    }));
  }
  if (held.length > 0) await routeQueuedConversations(db, tenantId);
  return held.length;
}

export async function resolveConversation(db: Db, tenantId: string, conversationId: string) {
  const now = new Date();
  const boss = await outboxFor(db, tenantId, "conversation.resolved");
  const after = boss ? (tx: DbTx, row: { assigneeId: string | null }) => queueResolved({ boss, tx, tenantId }, { conversationId, agentId: row.assigneeId, now }) : undefined;
  const result = await runTransition(db, { tenantId, conversationId }, () => ({ type: "resolve" }), { now, after });
  await routeQueuedConversations(db, tenantId); // capacity was freed
  return result;
}

export async function handBackToBot(db: Db, tenantId: string, conversationId: string, reason: "hand_back" | "idle_timeout" = "hand_back") {
  const result = await runTransition(db, { tenantId, conversationId }, () => ({ type: reason }));
  await routeQueuedConversations(db, tenantId);
  return result;
}

/**
 * Hands conversations back to the bot when their agent has been silent for longer than the
 * bot's `agentIdleMinutes` (bots without it never time out). Runs periodically in the admin
 * process; each hand-back is its own transition, so a reply racing the sweep wins or loses cleanly.
 */
export async function handBackIdleConversations(db: Db, now = new Date()): Promise<number> {
  const bots = await db.bot.findMany({ where: { agentIdleMinutes: { not: null } }, select: { id: true, tenantId: true, agentIdleMinutes: true } });
  let count = 0;
  for (const bot of bots) {
    const idleSince = new Date(now.getTime() - bot.agentIdleMinutes! * 60_000);
    const idle = await db.conversation.findMany({
      where: { tenantId: bot.tenantId, botId: bot.id, status: "ASSIGNED", lastAgentActivityAt: { lt: idleSince } },
      select: { id: true },
    });
    for (const conversation of idle) {
      try {
        await handBackToBot(db, bot.tenantId, conversation.id, "idle_timeout");
        count++;
      } catch (error) {
        // Resolved or handed back meanwhile: nothing to do.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  return count;
}
