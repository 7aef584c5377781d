import { createHash, randomBytes } from "node:crypto";
import { type Db, type DbTx } from "@kefu/db";
import {
  DomainError,
  notFound,
  originAllowed,
  pendingPrechat,
  storedPrechatAnswers,
  storedPrechatForm,
  storedVisitorAttributes,
  verifiedKeys,
  withPrechatAnswers,
  type PrechatView,
  type VisitorAttributeValues,
} from "@kefu/domain";
import { type Logger } from "../platform/logger.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { checkIdentity } from "./visitor-identity.ts";

export interface PublicBot {
  id: string;
  tenantId: string;
  publicId: string;
  name: string;
  greeting: string;
  language: "en" | "zh";
  brandColor: string;
  /** Shown to the visitor before their first message (Bot.privacyNotice), with its link. */
  privacyNotice: string | null;
  privacyNoticeUrl: string | null;
  /** When the bot's configuration last changed: the key of per-process caches of it (chat/answer-config.ts). */
  updatedAt: Date;
  /**
   * The websites that may embed the bot (canonical origins and patterns, domain allowed-origins.ts;
   * empty = any). It comes with the bot row every visitor call reads anyway, so checking an Origin
   * costs no query and a change is seen on the next call, by every process.
   */
  allowedOrigins: string[];
  /** The pre-chat form (Bot.prechatForm, domain ZPrechatForm as stored; null = none). */
  prechatForm: unknown;
}

export interface VisitorRef {
  id: string;
  tenantId: string;
  botId: string;
}

/** The visitor of a visitor call, with the host page's attributes (the handoff rules read them). */
export interface VisitorSession extends VisitorRef {
  attributes: Record<string, unknown>;
  /** Whether they came with a valid signed identity (rules may require it). */
  attributesVerified: boolean;
  /** Attributes the visitor typed into the pre-chat form: never verified (domain withPrechatAnswers). */
  unverifiedAttributeKeys?: string[];
  /** The bot's pre-chat form as this visitor must still send it (domain pendingPrechat): they may not chat before. */
  prechat?: PrechatView | null;
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
    select: {
      id: true,
      tenantId: true,
      publicId: true,
      name: true,
      greeting: true,
      language: true,
      brandColor: true,
      updatedAt: true,
      allowedOrigins: true,
      privacyNotice: true,
      privacyNoticeUrl: true,
      prechatForm: true,
    },
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

/** A token of a verified visitor's other device (VisitorToken), when the visitor's own column misses. */
const byDeviceToken = (bot: PublicBot, token: string) => ({ botId: bot.id, tenantId: bot.tenantId, deviceTokens: { some: { tokenHash: hashToken(token) } } });

export async function findVisitorByToken(db: DbTx, bot: PublicBot, token: string): Promise<(VisitorRef & { verifiedUserId: string | null }) | null> {
  const select = { ...VISITOR_REF_FIELDS, verifiedUserId: true } as const;
  return (
    (await db.visitor.findFirst({ where: byToken(bot, token), select })) ??
    (await db.visitor.findFirst({ where: byDeviceToken(bot, token), select }))
  );
}

/**
 * The visitor of a visitor call (conversations/visitor-procedure.ts). The attributes come with the token
 * lookup, from the same row, so answering a message does not read the visitor again. A verified
 * visitor's further devices have their tokens in VisitorToken: read only when the first lookup misses.
 */
export async function findVisitorSession(db: DbTx, bot: PublicBot, token: string): Promise<VisitorSession | null> {
  const select = { ...VISITOR_REF_FIELDS, attributes: true, attributesVerified: true, prechatAnswers: true } as const;
  const row =
    (await db.visitor.findFirst({ where: byToken(bot, token), select })) ??
    (await db.visitor.findFirst({ where: byDeviceToken(bot, token), select }));
  if (!row) return null;
  const { attributes, prechatAnswers, ...ref } = row;
  const hostAttributes = storedVisitorAttributes(attributes);
  // The form's answers count as attributes (rules, agents), marked as typed by the visitor.
  const merged = withPrechatAnswers(hostAttributes, storedPrechatAnswers(prechatAnswers));
  return {
    ...ref,
    attributes: merged.attributes,
    unverifiedAttributeKeys: merged.fromForm,
    prechat: pendingPrechat(storedPrechatForm(bot.prechatForm), prechatAnswers, verifiedKeys(hostAttributes, ref.attributesVerified)),
  };
}

const newToken = () => randomBytes(32).toString("base64url");

/**
 * Resumes the visitor of `token`, or mints a new visitor and token. Attributes from the host
 * site replace the stored ones (the page knows the visitor's current plan, not us). The caller's
 * origin and the widget's host page, where known, must be among the bot's allowed websites.
 *
 * Identity (visitor-identity.ts): a start that proves a user id resumes that user's one visitor
 * on any device — this browser's token when it is already theirs, else a new token for this
 * device (VisitorToken) — or makes this browser's anonymous visitor theirs, or a new one. A start
 * that proves nothing never resumes a verified visitor (a shared computer after sign-out): it gets
 * an anonymous visitor, and an unproven user id is only stored as a claim.
 */
export async function startVisitorSession(
  db: Db,
  { publicId, token, attributes, userId, userHash, origins = [], log }: StartVisitorSessionInput,
) {
  const bot = await findBotForVisitor(db, publicId);
  if (!bot) throw notFound("bot");
  for (const origin of origins) assertOriginAllowed(bot, origin);
  const identity = await checkIdentity(db, bot, { userId, userHash, attributes });
  if (identity.rejected) log?.warn({ botId: bot.id, tenantId: bot.tenantId, reason: identity.rejected }, "visitor.identity_unverified");
  const existing = token ? await findVisitorByToken(db, bot, token) : null;
  const marks = {
    lastSeenAt: new Date(),
    ...(attributes ? { attributes, attributesVerified: identity.attributesVerified } : {}),
  };
  const resume = async (visitor: VisitorRef, visitorToken: string, data: Record<string, unknown> = {}) => {
    await db.visitor.updateMany({ where: { id: visitor.id, tenantId: bot.tenantId }, data: { ...marks, ...data } });
    return { bot, visitor, visitorToken, resumed: true };
  };

  if (identity.verifiedUserId !== null) {
    const userId = identity.verifiedUserId;
    if (existing?.verifiedUserId === userId) return resume(existing, token!);
    const owner = await db.visitor.findFirst({ where: { botId: bot.id, tenantId: bot.tenantId, verifiedUserId: userId }, select: VISITOR_REF_FIELDS });
    if (owner) return resume(owner, await addDeviceToken(db, bot, owner));
    try {
      // This browser's anonymous visitor becomes the user's: what they asked before signing in stays.
      if (existing && existing.verifiedUserId === null) return await resume(existing, token!, { verifiedUserId: userId, claimedUserId: null });
      const visitorToken = newToken();
      const visitor = await db.visitor.create({
        data: { tenantId: bot.tenantId, botId: bot.id, tokenHash: hashToken(visitorToken), verifiedUserId: userId, attributes: attributes ?? {}, attributesVerified: identity.attributesVerified },
        select: VISITOR_REF_FIELDS,
      });
      return { bot, visitor, visitorToken, resumed: false };
    } catch (error) {
      // Another device of the same user started at the same moment: join its visitor.
      if (!isUniqueViolation(error)) throw error;
      const winner = await db.visitor.findFirst({ where: { botId: bot.id, tenantId: bot.tenantId, verifiedUserId: userId }, select: VISITOR_REF_FIELDS });
      if (!winner) throw error;
      return resume(winner, await addDeviceToken(db, bot, winner));
    }
  }

  if (existing && existing.verifiedUserId === null) {
    return resume(existing, token!, identity.claimedUserId !== null ? { claimedUserId: identity.claimedUserId } : {});
  }
  const visitorToken = newToken();
  const visitor = await db.visitor.create({
    data: { tenantId: bot.tenantId, botId: bot.id, tokenHash: hashToken(visitorToken), claimedUserId: identity.claimedUserId, attributes: attributes ?? {} },
    select: VISITOR_REF_FIELDS,
  });
  return { bot, visitor, visitorToken, resumed: false };
}

interface StartVisitorSessionInput {
  publicId: string;
  token: string | undefined;
  attributes?: VisitorAttributeValues;
  userId?: string;
  userHash?: string;
  origins?: (string | null | undefined)[];
  /** Where a hash that does not verify is reported (a misconfigured host, or a forgery). */
  log?: Pick<Logger, "warn">;
}

/** A new bearer token for another device of a verified visitor. */
async function addDeviceToken(db: Db, bot: PublicBot, visitor: VisitorRef): Promise<string> {
  const visitorToken = newToken();
  await db.visitorToken.create({ data: { tenantId: bot.tenantId, botId: bot.id, visitorId: visitor.id, tokenHash: hashToken(visitorToken) } });
  return visitorToken;
}
