import { createHash, randomBytes } from "node:crypto";
import { type Db, type DbTx } from "@kefu/db";
import { notFound, type VisitorAttributeValues } from "@kefu/domain";

export interface PublicBot {
  id: string;
  tenantId: string;
  publicId: string;
  name: string;
  greeting: string;
  language: "en" | "zh";
  brandColor: string;
  /** When the bot's configuration last changed: the key of per-process caches of it (chat/answer-config.ts). */
  updatedAt: Date;
}

export interface VisitorRef {
  id: string;
  tenantId: string;
  botId: string;
}

/** The visitor of a visitor call, with the host page's attributes (the handoff rules read them). */
export interface VisitorSession extends VisitorRef {
  attributes: Record<string, unknown>;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const VISITOR_REF_FIELDS = { id: true, tenantId: true, botId: true } as const;
const byToken = (bot: PublicBot, token: string) => ({ tokenHash: hashToken(token), botId: bot.id, tenantId: bot.tenantId });

/**
 * The one lookup that is not tenant-filtered: the public id *is* the scope of a
 * visitor call. Everything after it filters by the returned bot's tenantId.
 */
export function findBotForVisitor(db: DbTx, publicId: string): Promise<PublicBot | null> {
  return db.bot.findUnique({
    where: { publicId },
    select: { id: true, tenantId: true, publicId: true, name: true, greeting: true, language: true, brandColor: true, updatedAt: true },
  });
}

export async function findVisitorByToken(db: DbTx, bot: PublicBot, token: string): Promise<VisitorRef | null> {
  return db.visitor.findFirst({ where: byToken(bot, token), select: VISITOR_REF_FIELDS });
}

/**
 * The visitor of a visitor call (conversations/visitor-procedure.ts). The attributes come with the token
 * lookup, from the same row, so answering a message does not read the visitor again.
 */
export async function findVisitorSession(db: DbTx, bot: PublicBot, token: string): Promise<VisitorSession | null> {
  const row = await db.visitor.findFirst({ where: byToken(bot, token), select: { ...VISITOR_REF_FIELDS, attributes: true } });
  if (!row) return null;
  const { attributes, ...ref } = row;
  return { ...ref, attributes: attributes && typeof attributes === "object" ? (attributes as Record<string, unknown>) : {} };
}

/**
 * Resumes the visitor of `token`, or mints a new visitor and token. Attributes from the host
 * site replace the stored ones (the page knows the visitor's current plan, not us).
 */
export async function startVisitorSession(db: Db, publicId: string, token: string | undefined, attributes?: VisitorAttributeValues) {
  const bot = await findBotForVisitor(db, publicId);
  if (!bot) throw notFound("bot");
  const existing = token ? await findVisitorByToken(db, bot, token) : null;
  if (existing) {
    await db.visitor.updateMany({
      where: { id: existing.id, tenantId: bot.tenantId },
      data: { lastSeenAt: new Date(), ...(attributes ? { attributes } : {}) },
    });
    return { bot, visitor: existing, visitorToken: token!, resumed: true };
  }
  const visitorToken = randomBytes(32).toString("base64url");
  const visitor = await db.visitor.create({
    data: { tenantId: bot.tenantId, botId: bot.id, tokenHash: hashToken(visitorToken), attributes: attributes ?? {} },
    select: VISITOR_REF_FIELDS,
  });
  return { bot, visitor, visitorToken, resumed: false };
}
