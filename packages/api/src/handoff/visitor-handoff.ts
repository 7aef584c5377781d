import type { Db, DbTx } from "@kefu/db";
import { DomainError, noticeText } from "@kefu/domain";
import { appendLoggedMessage, findOpenConversation, findOrStartConversation, type PublicBot, type VisitorRef } from "../conversations/index.ts";
import { presenceOf } from "./escalation-state.ts";
import { followEvents } from "../platform/events/event-feed.ts";
import { appendEvents, eventsCommitted, lockEventLog, readEvents } from "../platform/events/event-log.ts";
import { escalateConversation, resolveConversation } from "./handoff.ts";
import { notificationsCommitted, outboxFor, queueContactLeft } from "../notifications/index.ts";

async function handoffAllowed(db: Db, bot: PublicBot) {
  const settings = await db.bot.findFirst({ where: { id: bot.id, tenantId: bot.tenantId }, select: { allowHandoff: true } });
  if (!settings?.allowHandoff) {
    throw new DomainError("FORBIDDEN", "handoff_disabled", "This assistant does not hand conversations to people.");
  }
}

/** The visible "talk to a person" button: straight to the queue, or "leave a message" when nobody is online. */
export async function requestHuman(db: Db, bot: PublicBot, visitor: VisitorRef) {
  await handoffAllowed(db, bot);
  const conversation = await findOrStartConversation(db, visitor);
  const current = await db.conversation.findFirstOrThrow({ where: { id: conversation.id, tenantId: bot.tenantId }, select: { status: true } });
  if (current.status === "QUEUED" || current.status === "ASSIGNED") return { status: current.status };
  const { agentsOnline } = await presenceOf(db, bot.tenantId);
  return escalateConversation(db, { tenantId: bot.tenantId, conversationId: conversation.id }, { reason: "visitor_asked", offline: !agentsOnline });
}

/**
 * Waiting with nobody online: queued by an escalation that asked the visitor to leave a message
 * (its collect_contact event comes right before its status event), and the e-mail they left, if
 * any. Read from the log, so a reload finds the form and the right banner again.
 */
export async function offlineWaitOf(db: Db | DbTx, tenantId: string, conversationId: string) {
  const [conversation, [latest, before]] = await Promise.all([
    db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: { status: true, contactEmail: true } }),
    db.conversationEvent.findMany({
      where: { tenantId, conversationId, type: { in: ["status", "collect_contact"] } },
      orderBy: { seq: "desc" },
      take: 2,
      select: { type: true },
    }),
  ]);
  const offline = conversation?.status === "QUEUED" && latest?.type === "status" && before?.type === "collect_contact";
  return { offline, contactEmail: offline ? (conversation.contactEmail ?? null) : null };
}

/**
 * A visitor writes while waiting with nobody online (e.g. types 转人工 again): no agent will read
 * it soon and the bot stays silent, so they are told their message is kept and how they will get
 * a reply, once per run of their messages. Null when someone is online or they were just told.
 */
export async function replyWhileOffline(db: Db, { tenantId, conversationId }: { tenantId: string; conversationId: string }) {
  const wait = await offlineWaitOf(db, tenantId, conversationId);
  if (!wait.offline || (await presenceOf(db, tenantId)).agentsOnline) return null;
  const bot = await db.conversation.findFirst({ where: { id: conversationId, tenantId }, select: { bot: { select: { language: true } } } });
  const content = noticeText({ kind: "offline_kept", email: wait.contactEmail }, bot?.bot.language ?? "en");
  const message = await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    const last = await tx.message.findFirst({ where: { tenantId, conversationId, role: { not: "VISITOR" } }, orderBy: { seq: "desc" }, select: { role: true, content: true } });
    if (last?.role === "SYSTEM" && last.content === content) return null;
    return appendLoggedMessage(tx, tenantId, conversationId, { role: "SYSTEM", content });
  });
  if (message) eventsCommitted();
  return message;
}

/** "Leave a message": the contact and message land in the inbox; the visitor gets a confirmation. */
export async function leaveContact(db: Db, bot: PublicBot, visitor: VisitorRef, input: { email: string; message: string }) {
  const conversation = await findOrStartConversation(db, visitor);
  const status = await db.conversation.findFirstOrThrow({ where: { id: conversation.id, tenantId: bot.tenantId }, select: { status: true } });
  if (status.status === "BOT") await escalateConversation(db, { tenantId: bot.tenantId, conversationId: conversation.id }, { reason: "visitor_asked", offline: true });
  const boss = await outboxFor(db, bot.tenantId, "contact.left");
  await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    if (boss) await queueContactLeft({ boss, tx, tenantId: bot.tenantId }, { conversationId: conversation.id, bot, email: input.email, message: input.message });
    await tx.conversation.updateMany({ where: { id: conversation.id, tenantId: bot.tenantId }, data: { contactEmail: input.email } });
    await appendLoggedMessage(tx, bot.tenantId, conversation.id, { role: "VISITOR", content: `${input.message}\n\n(${input.email})` });
    await appendLoggedMessage(tx, bot.tenantId, conversation.id, {
      role: "SYSTEM",
      content: noticeText({ kind: "contact_received", email: input.email }, bot.language),
    });
  });
  eventsCommitted();
  if (boss) notificationsCommitted(db);
  return { ok: true };
}

/**
 * The visitor ends their open conversation (the widget's "end chat"): resolved as an agent would,
 * so the visitor is told and asked for a rating, and an agent who had it is freed. Nothing open:
 * nothing to do.
 */
export async function endConversation(db: Db, bot: PublicBot, visitor: VisitorRef) {
  const conversation = await findOpenConversation(db, visitor);
  if (!conversation) return { status: "RESOLVED" as const };
  try {
    const { status } = await resolveConversation(db, bot.tenantId, conversation.id);
    return { status };
  } catch (error) {
    // An agent resolved it a moment before: the visitor's wish is done all the same.
    if (error instanceof DomainError && error.reason === "already_resolved") return { status: "RESOLVED" as const };
    throw error;
  }
}

/** The visitor is typing: agents see it live (visitors never see their own typing echoed). */
export async function visitorTyping(db: Db, bot: PublicBot, visitor: VisitorRef) {
  const conversation = await findOpenConversation(db, visitor);
  if (!conversation) return { ok: true };
  await appendEvents(db, bot.tenantId, [{ conversationId: conversation.id, type: "typing", audience: "AGENTS", payload: { who: "visitor" } }]);
  return { ok: true };
}

// A conversation's visitor never changes, so one lookup per conversation serves every open stream
// in the process (each stream asking for every event it sees would be streams × conversations).
const MAX_CACHED = 20_000;
const visitorOfConversation = new Map<string, Promise<string | null>>();
function conversationVisitor(db: Db, tenantId: string, conversationId: string): Promise<string | null> {
  const key = `${tenantId}:${conversationId}`;
  let visitorId = visitorOfConversation.get(key);
  if (!visitorId) {
    visitorId = db.conversation
      .findFirst({ where: { id: conversationId, tenantId }, select: { visitorId: true } })
      .then((row) => row?.visitorId ?? null);
    if (visitorOfConversation.size >= MAX_CACHED) visitorOfConversation.delete(visitorOfConversation.keys().next().value!);
    visitorOfConversation.set(key, visitorId);
  }
  return visitorId;
}

/**
 * The visitor's side of the event log: events of their own conversations that visitors may see,
 * after `lastEventId`, or from where their history ended (visitorSessionState) without one.
 */
export async function* followVisitorEvents(
  db: Db,
  { bot, visitor }: { bot: PublicBot; visitor: VisitorRef },
  resume: { lastEventId?: string | null; signal?: AbortSignal },
) {
  const { lastEventId, signal } = resume;
  const afterSeq = BigInt(lastEventId ?? (await visitorSessionState(db, bot, visitor)).lastEventId);
  yield* followEvents({
    db,
    afterSeq,
    signal,
    accept: async (e) =>
      e.tenantId === bot.tenantId && e.audience === "ALL" && (await conversationVisitor(db, bot.tenantId, e.conversationId)) === visitor.id,
    replay: async (after) => {
      const ids = (await db.conversation.findMany({ where: { tenantId: bot.tenantId, visitorId: visitor.id }, select: { id: true } })).map((c) => c.id);
      return readEvents(db, { tenantId: bot.tenantId, conversationIds: ids, afterSeq: after, audience: "visitor" });
    },
  });
}

/** Where the visitor's stream starts right after loading their history, and who has them now. */
export async function visitorSessionState(db: Db, bot: PublicBot, visitor: VisitorRef) {
  const [last, conversation, settings] = await Promise.all([
    db.conversationEvent.findFirst({ where: { tenantId: bot.tenantId, conversation: { visitorId: visitor.id } }, orderBy: { seq: "desc" }, select: { seq: true } }),
    findOpenConversation(db, visitor),
    db.bot.findFirst({ where: { id: bot.id, tenantId: bot.tenantId }, select: { allowHandoff: true } }),
  ]);
  const status = conversation
    ? (await db.conversation.findFirst({ where: { id: conversation.id, tenantId: bot.tenantId }, select: { status: true } }))?.status ?? "BOT"
    : "BOT";
  const wait = conversation && status === "QUEUED" ? await offlineWaitOf(db, bot.tenantId, conversation.id) : { offline: false, contactEmail: null };
  return {
    lastEventId: (last?.seq ?? 0n).toString(),
    status,
    allowHandoff: settings?.allowHandoff ?? false,
    /** Waiting with nobody online: the visitor is asked to leave a message (until they have). */
    offline: wait.offline,
    contactLeft: wait.contactEmail !== null,
  };
}
