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
}

export interface VisitorRef {
  id: string;
  tenantId: string;
  botId: string;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * The one lookup that is not tenant-filtered: the public id *is* the scope of a
 * visitor call. Everything after it filters by the returned bot's tenantId.
 */
export function findBotForVisitor(db: DbTx, publicId: string): Promise<PublicBot | null> {
  return db.bot.findUnique({
    where: { publicId },
    select: { id: true, tenantId: true, publicId: true, name: true, greeting: true, language: true, brandColor: true },
  });
}

export async function findVisitorByToken(db: DbTx, bot: PublicBot, token: string): Promise<VisitorRef | null> {
  return db.visitor.findFirst({
    where: { tokenHash: hashToken(token), botId: bot.id, tenantId: bot.tenantId },
    select: { id: true, tenantId: true, botId: true },
  });
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
    select: { id: true, tenantId: true, botId: true },
  });
  return { bot, visitor, visitorToken, resumed: false };
}
