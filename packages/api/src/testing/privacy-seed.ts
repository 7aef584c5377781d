import { type Db } from "@kefu/db";
import { collect, ownerOfNewTenant, visitorCaller } from "./index.ts";

/** A tenant with a bot, for the privacy tests. */
export async function tenantWithBot(db: Db, name: string) {
  const owner = await ownerOfNewTenant(db, name);
  const bot = await owner.caller.bot.create({ name: `${name} bot`, greeting: "Hi", instructions: "", language: "en", brandColor: "#112233" });
  return { ...owner, bot };
}

/**
 * A visitor who chatted through the public API (a message, the bot's reply, a handoff request, a
 * contact left, a rating, attributes) and a webhook delivery about the conversation; then their
 * activity is moved `daysAgo` into the past.
 */
export async function visitorWhoChatted(db: Db, target: { tenantId: string; bot: { id: string; publicId: string } }, options: { text: string; daysAgo: number }) {
  const visitor = visitorCaller(db);
  const session = await visitor.chat.start({ botId: target.bot.publicId, attributes: { plan: "vip", email: "li.lei@example.com" } });
  const auth = { botId: target.bot.publicId, visitorToken: session.visitorToken };
  await collect(await visitor.chat.send({ ...auth, text: options.text, clientMessageId: crypto.randomUUID() }));
  await visitor.chat.requestHuman(auth);
  await visitor.chat.leaveContact({ ...auth, email: "li.lei@example.com", message: `Call me about ${options.text}` });
  const conversation = await db.conversation.findFirstOrThrow({ where: { tenantId: target.tenantId }, orderBy: { createdAt: "desc" } });
  await db.conversation.update({ where: { id: conversation.id }, data: { rating: 4 } });
  await db.notificationDelivery.create({
    data: {
      tenantId: target.tenantId,
      channel: "WEBHOOK",
      target: "https://hooks.example.com/kefu",
      event: "contact.left",
      payload: { conversation: { id: conversation.id, url: null }, contact: { email: "li.lei@example.com" }, message: options.text },
    },
  });
  const past = new Date(Date.now() - options.daysAgo * 24 * 60 * 60_000);
  await db.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: past, createdAt: past } });
  await db.visitor.update({ where: { id: conversation.visitorId }, data: { lastSeenAt: past, createdAt: past } });
  return { visitorId: conversation.visitorId, conversationId: conversation.id, visitorToken: session.visitorToken };
}

/** Rows of every table in the database whose text (any column) contains one of `needles`. */
export async function rowsMentioning(db: Db, needles: string[], options: { except?: string[] } = {}): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ schema: string; table: string }[]>`
    SELECT table_schema AS "schema", table_name AS "table" FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema IN (current_schema(), 'pgboss')`;
  const found: Record<string, number> = {};
  for (const { schema, table } of tables) {
    if (options.except?.includes(table)) continue;
    const quoted = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
    const patterns = needles.map((n) => `%${n.replace(/[\\%_]/g, "\\$&")}%`);
    const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${quoted} t WHERE t::text LIKE ANY($1::text[])`, patterns);
    if (row && Number(row.n) > 0) found[table] = Number(row.n);
  }
  return found;
}
