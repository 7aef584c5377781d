import { type Db } from "@kefu/db";
import { storedPrechatAnswers, storedVisitorAttributes, withPrechatAnswers } from "@kefu/domain";
import { type PublicBot } from "../conversations/index.ts";
import { answerClaimMs, sendVisitorMessage } from "./answering.ts";

/** A message this young may still be on its way to being claimed by the request that stored it. */
const GRACE_MS = 15_000;
/** Older than this, a question is left to the team (the visitor is long gone). */
const MAX_AGE_MS = 24 * 60 * 60_000;

interface UnansweredRow {
  id: string;
  answerClaimedAt: Date;
  tenantId: string;
  visitorId: string;
  botId: string;
  attributes: unknown;
  attributesVerified: boolean;
  prechatAnswers: unknown;
  /** The conversation's bot as a visitor call sees it (the join already read it). */
  bot: Omit<PublicBot, "updatedAt">;
  botUpdatedAt: Date;
  content: string;
  clientMessageId: string;
}

/**
 * Visitor messages of every tenant that the bot owns, took on and never answered: claimed once
 * (a message sent while the team had the conversation never is), the claim released by a failed
 * answer or its lease run out (the process answering it died), and no bot, system or agent reply
 * before the visitor's next message. The one query here without a tenant filter,
 * by design: the sweep serves all tenants, and each row is then answered through the tenant-scoped
 * path with its own bot and visitor.
 */
function unsafeFindUnanswered(db: Db, now: Date, limit: number) {
  return db.$queryRaw<UnansweredRow[]>`
    SELECT m."id", m."answerClaimedAt", m."tenantId", c."visitorId", c."botId", v."attributes", v."attributesVerified", v."prechatAnswers", m."content", m."clientMessageId",
      json_build_object('id', b."id", 'tenantId', b."tenantId", 'publicId', b."publicId", 'name', b."name", 'greeting', b."greeting",
        'language', b."language", 'brandColor', b."brandColor", 'allowedOrigins', COALESCE(b."allowedOrigins", ARRAY[]::text[]), 'prechatForm', b."prechatForm") AS "bot", b."updatedAt" AS "botUpdatedAt"
    FROM "Message" m
    JOIN "Conversation" c ON c."id" = m."conversationId" AND c."tenantId" = m."tenantId"
    JOIN "Bot" b ON b."id" = c."botId" AND b."tenantId" = c."tenantId"
    JOIN "Visitor" v ON v."id" = c."visitorId" AND v."tenantId" = c."tenantId"
    WHERE m."role" = 'VISITOR' AND c."status" = 'BOT' AND m."clientMessageId" IS NOT NULL
      AND m."createdAt" < ${new Date(now.getTime() - GRACE_MS)} AND m."createdAt" > ${new Date(now.getTime() - MAX_AGE_MS)}
      AND m."answerClaimedAt" < ${new Date(now.getTime() - answerClaimMs())}
      AND NOT EXISTS (
        SELECT 1 FROM "Message" r
        WHERE r."conversationId" = m."conversationId" AND r."tenantId" = m."tenantId" AND r."seq" > m."seq"
          AND r."role" IN ('BOT', 'SYSTEM', 'AGENT')
          AND NOT EXISTS (
            SELECT 1 FROM "Message" n
            WHERE n."conversationId" = m."conversationId" AND n."tenantId" = m."tenantId" AND n."role" = 'VISITOR'
              AND n."seq" > m."seq" AND n."seq" < r."seq"
          )
      )
    ORDER BY m."seq" LIMIT ${limit}`;
}

/**
 * Answers what was left unanswered (run on start-up and then periodically): each message goes
 * through the visitor's own send path as a resend of its client message id, so it is claimed,
 * answered once, stored and streamed to the visitor's open widget like any answer. Returns how
 * many it answered; one that fails again stays for the next sweep.
 */
export async function answerUnansweredMessages(
  db: Db,
  options: { now?: Date; limit?: number; log?: (event: string, details: Record<string, unknown>) => void } = {},
): Promise<number> {
  const { now = new Date(), limit = 50, log } = options;
  let answered = 0;
  for (const row of await unsafeFindUnanswered(db, now, limit)) {
    try {
      const bot = { ...row.bot, updatedAt: row.botUpdatedAt };
      const { attributes, fromForm } = withPrechatAnswers(storedVisitorAttributes(row.attributes), storedPrechatAnswers(row.prechatAnswers));
      const visitor = { id: row.visitorId, tenantId: row.tenantId, botId: row.botId, attributes, attributesVerified: row.attributesVerified, unverifiedAttributeKeys: fromForm };
      // Released, or its lease ran out (the process answering it died): take it over, unless a
      // resend just did. The send below then claims it as its own.
      const taken = await db.message.updateMany({
        where: { id: row.id, tenantId: row.tenantId, answerClaimedAt: row.answerClaimedAt },
        data: { answerClaimedAt: null },
      });
      if (taken.count === 0) continue;
      let replied = false;
      for await (const event of sendVisitorMessage(db, { bot, visitor, log }, { text: row.content, clientMessageId: row.clientMessageId })) {
        if (event.type === "bot_message" || event.type === "handoff") replied = true;
      }
      if (replied) answered++;
    } catch (error) {
      log?.("chat.unanswered_retry_failed", { tenantId: row.tenantId, reason: error instanceof Error ? error.message : "unknown" });
    }
  }
  return answered;
}
