import type { Db, DbTx, Prisma } from "@kefu/db";
import { notFound, prechatAnswerList, storedPrechatForm, type InboxView, type Priority } from "@kefu/domain";
import { listMessages } from "../conversations/index.ts";
import { followEvents } from "../platform/events/event-feed.ts";
import { appendEvents, readEvents, unsafeLatestEventSeq } from "../platform/events/event-log.ts";

export interface InboxFilter {
  botId?: string;
  priority?: Priority;
  tag?: string;
}

function viewWhere(tenantId: string, userId: string, view: InboxView, filter: InboxFilter): Prisma.ConversationWhereInput {
  const base: Prisma.ConversationWhereInput = {
    tenantId,
    ...(filter.botId ? { botId: filter.botId } : {}),
    ...(filter.priority ? { priority: filter.priority } : {}),
    ...(filter.tag ? { tags: { has: filter.tag } } : {}),
  };
  switch (view) {
    case "unassigned":
      return { ...base, status: "QUEUED" };
    case "mine":
      return { ...base, status: "ASSIGNED", assigneeId: userId };
    case "all":
      // Everything a person is or should be handling: waiting or with an agent.
      return { ...base, status: { in: ["QUEUED", "ASSIGNED"] } };
    case "resolved":
      return { ...base, status: "RESOLVED", escalationReason: { not: null } };
  }
}

/** Live counts for the queue tabs. */
export async function inboxCounts(db: DbTx, tenantId: string, userId: string, filter: InboxFilter) {
  const [unassigned, mine, all, resolved] = await Promise.all(
    (["unassigned", "mine", "all", "resolved"] as const).map((view) => db.conversation.count({ where: viewWhere(tenantId, userId, view, filter) })),
  );
  return { unassigned: unassigned!, mine: mine!, all: all!, resolved: resolved! };
}

export async function listInbox(db: DbTx, reader: { tenantId: string; userId: string }, filter: InboxFilter & { view: InboxView; limit: number }) {
  const { tenantId, userId } = reader;
  const { view } = filter;
  const rows = await db.conversation.findMany({
    where: viewWhere(tenantId, userId, view, filter),
    orderBy: view === "resolved" ? [{ resolvedAt: "desc" }] : [{ queuedAt: "asc" }, { id: "asc" }],
    take: filter.limit,
    select: {
      id: true,
      status: true,
      priority: true,
      tags: true,
      escalationReason: true,
      queuedAt: true,
      assigneeId: true,
      lastMessageAt: true,
      bot: { select: { id: true, name: true } },
      // What the visitor last said is what an agent scans the list for (not the system notices).
      messages: { where: { role: "VISITOR" }, orderBy: { seq: "desc" }, take: 1, select: { role: true, content: true } },
    },
  });
  const order: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
  if (view !== "resolved") rows.sort((a, b) => order[a.priority] - order[b.priority]);
  return rows.map(({ messages, ...row }) => ({ ...row, lastMessage: messages[0] ?? null }));
}

/** One conversation for the agent: transcript with notes, visitor attributes, why it escalated. */
export async function getInboxConversation(db: DbTx, tenantId: string, id: string) {
  const conversation = await db.conversation.findFirst({
    where: { id, tenantId },
    select: {
      id: true,
      status: true,
      priority: true,
      tags: true,
      teamId: true,
      assigneeId: true,
      escalationReason: true,
      escalationRuleId: true,
      handoffSummary: true,
      contactEmail: true,
      rating: true,
      ratingComment: true,
      ratedAt: true,
      createdAt: true,
      queuedAt: true,
      bot: { select: { id: true, name: true, language: true, prechatForm: true } },
      // Who the visitor is, and whether the website signed it (visitor identity verification).
      visitor: { select: { id: true, attributes: true, createdAt: true, verifiedUserId: true, claimedUserId: true, attributesVerified: true, prechatAnswers: true } },
      team: { select: { id: true, name: true } },
    },
  });
  if (!conversation) throw notFound("conversation");
  // The cursor is read before the messages: anything logged in between comes again on the stream,
  // where it is de-duplicated by id, rather than falling in a gap.
  const lastEvent = await db.conversationEvent.findFirst({ where: { tenantId, conversationId: id }, orderBy: { seq: "desc" }, select: { seq: true } });
  const [rule, assignee, messages, feedback, handledBy] = await Promise.all([
    conversation.escalationRuleId
      ? db.escalationRule.findFirst({ where: { id: conversation.escalationRuleId, tenantId }, select: { id: true, name: true } })
      : null,
    conversation.assigneeId
      ? db.membership.findFirst({ where: { tenantId, userId: conversation.assigneeId }, select: { user: { select: { id: true, name: true, avatarUrl: true } } } })
      : null,
    listMessages(db, tenantId, id, { includeNotes: true }),
    // The visitor's votes on the bot's answers, shown under each answer.
    db.answerFeedback.findMany({ where: { tenantId, conversationId: id }, select: { messageId: true, helpful: true, reason: true, comment: true } }),
    conversation.status === "RESOLVED" ? lastAgentOf(db, tenantId, id) : null,
  ]);
  const { bot: { prechatForm, ...bot }, visitor: { prechatAnswers, ...visitor }, ...fields } = conversation;
  return {
    ...fields,
    bot,
    // What the visitor typed into the pre-chat form, with the form's labels (never verified).
    visitor: { ...visitor, prechat: prechatAnswerList(storedPrechatForm(prechatForm), prechatAnswers) },
    rule,
    assignee: assignee?.user ?? null,
    /** Resolved: the last agent who had it (resolving frees the agent), or null when no person joined. */
    handledBy,
    messages,
    feedback,
    /** Stream from here to follow the conversation without a gap. */
    lastEventId: (lastEvent?.seq ?? 0n).toString(),
  };
}

/** The last agent a conversation was assigned to, from its status events (the row forgets it on resolve). */
async function lastAgentOf(db: DbTx, tenantId: string, conversationId: string): Promise<{ id: string; name: string | null } | null> {
  const events = await db.conversationEvent.findMany({
    where: { tenantId, conversationId, type: "status" },
    orderBy: { seq: "desc" },
    take: 50,
    select: { payload: true },
  });
  for (const { payload } of events) {
    const { assigneeId, assigneeName } = (payload ?? {}) as { assigneeId?: string | null; assigneeName?: string | null };
    if (!assigneeId) continue;
    const member = await db.membership.findFirst({ where: { tenantId, userId: assigneeId }, select: { user: { select: { name: true } } } });
    return { id: assigneeId, name: member?.user.name ?? assigneeName ?? null };
  }
  return null;
}

/** Throws "not found" unless the conversation is the tenant's. */
export async function assertInboxConversation(db: DbTx, tenantId: string, id: string) {
  const found = await db.conversation.findFirst({ where: { id, tenantId }, select: { id: true } });
  if (!found) throw notFound("conversation");
}

/** The agent is typing: the visitor sees it live (throttled by the client). */
export async function agentTyping(db: Db, tenantId: string, conversationId: string) {
  await assertInboxConversation(db, tenantId, conversationId);
  await appendEvents(db, tenantId, [{ conversationId, type: "typing", payload: { who: "agent" } }]);
  return { ok: true };
}

/**
 * Whether a user is still a member of the workspace, read again at most every `maxAgeMs`: a
 * long-lived stream authorised when it opened stops serving someone removed since.
 */
export function membershipCheck(db: Db, tenantId: string, userId: string, maxAgeMs = 10_000): () => Promise<boolean> {
  let checkedAt = Date.now();
  let member = true;
  return async () => {
    if (member && Date.now() - checkedAt >= maxAgeMs) {
      // While the database is away the last answer stands: the stream's own feed rides out the
      // outage, and this check must not end the stream for it.
      member = await db.membership.count({ where: { tenantId, userId } }).then((count) => count > 0, () => member);
      checkedAt = Date.now();
    }
    return member;
  };
}

/**
 * Live events of the tenant (or one conversation) after `lastEventId`. Without one, a single
 * conversation is replayed from its start and the tenant-wide stream starts at the log's end.
 * The conversation is checked before the stream is returned, so that a foreign or unknown id is
 * refused as a typed error instead of failing the stream once it has started.
 */
export async function followInboxEvents(
  db: Db,
  tenantId: string,
  input: { conversationId?: string; lastEventId?: string | null },
  signal?: AbortSignal,
) {
  const { conversationId } = input;
  if (conversationId) await assertInboxConversation(db, tenantId, conversationId);
  const conversationIds = conversationId ? [conversationId] : undefined;
  const afterSeq = input.lastEventId ? BigInt(input.lastEventId) : conversationId ? 0n : await unsafeLatestEventSeq(db);
  return followEvents({
    db,
    afterSeq,
    signal,
    replay: (after) => readEvents(db, { tenantId, conversationIds, afterSeq: after, audience: "agent" }),
    accept: (e) => e.tenantId === tenantId && (!conversationId || e.conversationId === conversationId),
  });
}
