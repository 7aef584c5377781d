import { createHash } from "node:crypto";
import { type Db, type DbTx } from "@kefu/db";
import { ZBotPublicId, type VisitorAgentsResponse } from "@kefu/domain";
import { findBotForVisitor, type PublicBot, type VisitorRef } from "../conversations/index.ts";
import { type Logger } from "../platform/logger.ts";

// Visitors see the picture a member uploaded on the team page (kept as a data: URL in User.avatarUrl)
// at a URL named by the picture's own hash under the bot: it cannot be guessed without the picture,
// says nothing about who the member is, and changes when the picture does (so it is cached for good).
// Pictures given as links elsewhere (an https avatarUrl) are not shown: such a link can carry more
// than the picture (a Gravatar link is a hash of the e-mail address).

const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=]+)$/;
const KEY = /^[0-9a-f]{32}$/;

/** The picture's part of its URL: 128 bits of the SHA-256 of the stored data: URL. */
function pictureKey(avatarUrl: string): string {
  return createHash("sha256").update(avatarUrl).digest("hex").slice(0, 32);
}

/** Where a visitor's browser loads a member's picture (on the chat app's origin); null when there is none to show. */
export function agentPictureUrl(bot: Pick<PublicBot, "publicId">, avatarUrl: string | null): string | null {
  if (!avatarUrl || !DATA_URL.test(avatarUrl)) return null;
  return `/api/widget/${encodeURIComponent(bot.publicId)}/agents/${pictureKey(avatarUrl)}`;
}

/**
 * The people in this visitor's conversations with the bot: each agent who wrote to them and whoever
 * has a conversation now, by display name and picture URL. Former members are left out (their
 * messages carry no name either).
 */
export async function visitorAgents(db: DbTx, { bot, visitor }: { bot: PublicBot; visitor: VisitorRef }): Promise<VisitorAgentsResponse> {
  const scope = { tenantId: visitor.tenantId, visitorId: visitor.id, botId: visitor.botId };
  const [assigned, authors] = await Promise.all([
    db.conversation.findMany({ where: { ...scope, assigneeId: { not: null } }, select: { assigneeId: true }, distinct: ["assigneeId"] }),
    db.message.findMany({
      where: { tenantId: visitor.tenantId, role: "AGENT", authorId: { not: null }, conversation: scope },
      select: { authorId: true },
      distinct: ["authorId"],
    }),
  ]);
  const ids = [...new Set([...assigned.map((c) => c.assigneeId), ...authors.map((m) => m.authorId)].filter((id): id is string => id !== null))];
  if (ids.length === 0) return { agents: [] };
  const members = await db.membership.findMany({
    where: { tenantId: visitor.tenantId, userId: { in: ids } },
    select: { user: { select: { name: true, avatarUrl: true } } },
  });
  return { agents: members.map(({ user }) => ({ name: user.name, pictureUrl: agentPictureUrl(bot, user.avatarUrl) })) };
}

/**
 * `GET /api/widget/<publicId>/agents/<key>`: a member's picture, for the visitors of that bot. Only
 * the bot's tenant's members are looked at (a tenant has few; pictures are at most 64 KB).
 */
export async function agentPictureResponse(db: Db, { publicId, key, log }: { publicId: string; key: string; log: Logger }): Promise<Response> {
  const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  if (!ZBotPublicId.safeParse(publicId).success || !KEY.test(key)) return notFound();
  try {
    const bot = await findBotForVisitor(db, publicId);
    if (!bot) return notFound();
    const members = await db.membership.findMany({
      where: { tenantId: bot.tenantId, user: { avatarUrl: { startsWith: "data:image/" } } },
      select: { user: { select: { avatarUrl: true } } },
    });
    const avatarUrl = members.map((m) => m.user.avatarUrl).find((url) => url !== null && pictureKey(url) === key);
    const parts = avatarUrl?.match(DATA_URL);
    if (!parts) return notFound();
    return new Response(Buffer.from(parts[2]!, "base64"), {
      headers: {
        "content-type": parts[1]!,
        // The URL changes with the picture: it never needs asking for again.
        "cache-control": "public, max-age=31536000, immutable",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cross-origin-resource-policy": "same-origin",
      },
    });
  } catch (error) {
    log.error({ err: error, publicId }, "widget.agent_picture_failed");
    return new Response("Unavailable", { status: 503, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
}
