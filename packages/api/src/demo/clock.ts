import { type Db } from "@kefu/db";
import { localToday } from "@kefu/domain";
import { type DemoConversation } from "./script.ts";

const MINUTE = 60_000;

/**
 * Moves one conversation `ms` into the past: its row, messages, log events, answer votes and its
 * visitor. The chat services stamp everything "now" and none of them takes a date, so this is the
 * one write of the demo that does not go through them; it keeps every invariant (order, gaps
 * between steps) because all of a conversation's timestamps move together.
 */
export async function moveConversationBack(db: Db, target: { tenantId: string; conversationId: string }, ms: number): Promise<void> {
  if (ms <= 0) return;
  const { tenantId, conversationId } = target;
  const by = `${Math.round(ms)} milliseconds`;
  await db.$transaction([
    db.$executeRaw`
      UPDATE "Conversation" SET
        "createdAt" = "createdAt" - ${by}::interval, "lastMessageAt" = "lastMessageAt" - ${by}::interval,
        "queuedAt" = "queuedAt" - ${by}::interval, "assignedAt" = "assignedAt" - ${by}::interval,
        "resolvedAt" = "resolvedAt" - ${by}::interval, "ratedAt" = "ratedAt" - ${by}::interval,
        "lastAgentActivityAt" = "lastAgentActivityAt" - ${by}::interval
      WHERE "tenantId" = ${tenantId} AND "id" = ${conversationId}`,
    db.$executeRaw`
      UPDATE "Message" SET "createdAt" = "createdAt" - ${by}::interval, "answerClaimedAt" = "answerClaimedAt" - ${by}::interval
      WHERE "tenantId" = ${tenantId} AND "conversationId" = ${conversationId}`,
    db.$executeRaw`
      UPDATE "ConversationEvent" SET "createdAt" = "createdAt" - ${by}::interval
      WHERE "tenantId" = ${tenantId} AND "conversationId" = ${conversationId}`,
    db.$executeRaw`
      UPDATE "AnswerFeedback" SET "createdAt" = "createdAt" - ${by}::interval, "updatedAt" = "updatedAt" - ${by}::interval
      WHERE "tenantId" = ${tenantId} AND "conversationId" = ${conversationId}`,
    db.$executeRaw`
      UPDATE "Visitor" v SET "createdAt" = v."createdAt" - ${by}::interval, "lastSeenAt" = v."lastSeenAt" - ${by}::interval
      FROM "Conversation" c WHERE c."tenantId" = ${tenantId} AND c."id" = ${conversationId} AND v."id" = c."visitorId" AND v."tenantId" = ${tenantId}`,
  ]);
}

/** The offset of a zone from UTC at an instant, in ms (Intl's "GMT+08:00"). */
function zoneOffsetMs(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const ms = (Number(match[2]) * 60 + Number(match[3])) * MINUTE;
  return match[1] === "-" ? -ms : ms;
}

/** When a demo conversation starts, relative to `now`, read in the workspace's zone. */
export function startOf(when: DemoConversation["when"], timeZone: string, now: Date): Date {
  if ("minutesAgo" in when) return new Date(now.getTime() - when.minutesAgo * MINUTE);
  const [year, month, day] = localToday(timeZone, now).split("-").map(Number) as [number, number, number];
  const [hour, minute] = when.at.split(":").map(Number) as [number, number];
  const local = Date.UTC(year, month - 1, day - when.daysAgo, hour, minute);
  return new Date(local - zoneOffsetMs(timeZone, new Date(local)));
}

export { MINUTE };
