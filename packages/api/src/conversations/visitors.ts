import { createHash, randomBytes } from "node:crypto";
import { type Db, type DbTx } from "@kefu/db";
import { DomainError, notFound, originAllowed, type VisitorAttributeValues } from "@kefu/domain";

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
  /**
   * The websites that may embed the bot (canonical origins and patterns, domain allowed-origins.ts;
   * empty = any). It comes with the bot row every visitor call reads anyway, so checking an Origin
   * costs no query and a change is seen on the next call, by every process.
   */
  allowedOrigins: string[];
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
    select: { id: true, tenantId: true, publicId: true, name: true, greeting: true, language: true, brandColor: true, updatedAt: true, allowedOrigins: true },
  });
}

/**
 * Refuses a call from a website the bot does not allow (FORBIDDEN, reason `origin_not_allowed`).
 * `origin` is the caller's Origin header when it is another site than the chat app's own
 * (ApiContext.origin), or the host page the widget says it is embedded in; null passes (the chat
 * app's own pages, and clients that are not browsers, which could send any Origin anyway).
 */
export function assertOriginAllowed(bot: Pick<PublicBot, "allowedOrigins">, origin: string | null | undefined): void {
  if (origin === null || origin === undefined || originAllowed(bot.allowedOrigins, origin)) return;
  throw new DomainError(
    "FORBIDDEN",
    "origin_not_allowed",
    `This chat is not available on ${origin.slice(0, 200)}: the website is not among the bot's allowed websites.`,
  );
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
 * site replace the stored ones (the page knows the visitor's current plan, not us). The caller's
 * origin and the widget's host page, where known, must be among the bot's allowed websites.
 */
export async function startVisitorSession(
  db: Db,
  { publicId, token, attributes, origins = [] }: { publicId: string; token: string | undefined; attributes?: VisitorAttributeValues; origins?: (string | null | undefined)[] },
) {
  const bot = await findBotForVisitor(db, publicId);
  if (!bot) throw notFound("bot");
  for (const origin of origins) assertOriginAllowed(bot, origin);
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
