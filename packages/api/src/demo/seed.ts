import { type Db } from "@kefu/db";
import type { createAdminCaller } from "../admin.ts";
import { foldConversations } from "../analytics/index.ts";
import { drainIngestion } from "../knowledge/index.ts";
import { createApiContext } from "../platform/context.ts";
import { signUp } from "../tenancy/index.ts";
import { CHINESE_BOT } from "./content-zh.ts";
import { ENGLISH_BOT } from "./content-en.ts";
import { playConversation } from "./play.ts";
import { openingText, type DemoBot } from "./script.ts";

/** The demo workspace's sign-in, documented in README.md ("Demo data"). */
export const DEMO_ACCOUNT = {
  email: "demo@example.com",
  password: "kefu-demo-2026",
  name: "Mei Lin",
  company: "Harbor Leaf Tea (demo)",
} as const;
export const DEMO_TIME_ZONE = "Asia/Shanghai";
export const DEMO_BOTS: readonly DemoBot[] = [ENGLISH_BOT, CHINESE_BOT];

export interface DemoSeedResult {
  /** False when the demo workspace was there already (nothing new was needed). */
  created: boolean;
  tenantId: string;
  email: string;
  password: string;
  bots: { id: string; publicId: string; name: string; language: "en" | "zh" }[];
  /** Conversations played by this run (0 on a second run). */
  conversations: number;
  /** Steps that could not be played as written (a vote on a reply that was not an answer…). */
  skippedSteps: string[];
}

export type AdminCaller = ReturnType<typeof createAdminCaller>;

/**
 * The admin procedures as `userId` in the workspace `tenantId`. admin.ts is imported when called:
 * it mounts this feature's router, so importing it up front would be an import cycle.
 */
export async function adminCallerFor(db: Db, { userId, tenantId }: { userId: string; tenantId: string }): Promise<AdminCaller> {
  const { createAdminCaller } = await import("../admin.ts");
  return createAdminCaller(createApiContext({ db, userId, activeTenantId: tenantId }));
}

/** Where a seed has got to, for a progress bar: its phase, and conversations played of those to play. */
export interface DemoSeedProgress {
  phase: "bots" | "indexing" | "conversations" | "analytics";
  done: number;
  total: number;
}

interface DemoContentOptions {
  tenantId: string;
  userId: string;
  timeZone: string;
  now: Date;
  progress: (line: string) => void;
  onProgress?: (progress: DemoSeedProgress) => void;
  /**
   * The demo account's own workspace takes its bots by name (they were made before bots were
   * marked); anyone else's counts only bots marked as the demo's, so their own are never touched.
   */
  adoptByName: boolean;
}

/**
 * Creates the demo workspace, or completes it: the account, both bots with their knowledge and
 * rule, and every scripted conversation not there yet (told apart by its opening question), all
 * through the product's own procedures and services; then the analytics recompute those
 * conversations, as they were moved into the past. Running it again adds nothing.
 */
export async function seedDemo(db: Db, options: { progress?: (line: string) => void; now?: Date } = {}): Promise<DemoSeedResult> {
  const progress = options.progress ?? (() => undefined);
  const now = options.now ?? new Date();
  const { userId, tenantId, created } = await demoAccount(db);
  const caller = await adminCallerFor(db, { userId, tenantId });
  if (created) progress(`created the account ${DEMO_ACCOUNT.email}`);

  const hours = await caller.tenantSettings.get();
  if (hours.timeZone !== DEMO_TIME_ZONE) {
    await caller.tenantSettings.updateHours({ timeZone: DEMO_TIME_ZONE, enabled: hours.enabled, weekly: hours.weekly, holidays: hours.holidays });
  }
  const content = await seedDemoContent(db, { tenantId, userId, timeZone: DEMO_TIME_ZONE, now, progress, adoptByName: true });
  const { added, ...played } = content;
  return { ...played, created: created || added, tenantId, email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password };
}

/**
 * The demo's bots with their knowledge and rules, and every scripted conversation not there yet,
 * in the workspace `tenantId`, made through the product's procedures as `userId` (who must be
 * allowed to create bots there). Bots it makes are marked (Bot.demo). Running it again adds nothing.
 */
export async function seedDemoContent(
  db: Db,
  { tenantId, userId, timeZone, now, progress, onProgress = () => undefined, adoptByName }: DemoContentOptions,
): Promise<Pick<DemoSeedResult, "bots" | "conversations" | "skippedSteps"> & { added: boolean }> {
  const caller = await adminCallerFor(db, { userId, tenantId });
  const scripted = DEMO_BOTS.reduce((n, b) => n + b.conversations.length, 0);
  onProgress({ phase: "bots", done: 0, total: scripted });
  const existing = await db.bot.findMany({ where: { tenantId, ...(adoptByName ? {} : { demo: true }) }, select: { id: true, publicId: true, name: true } });
  const bots: DemoSeedResult["bots"] = [];
  let knowledgeAdded = false;
  for (const def of DEMO_BOTS) {
    let bot = existing.find((b) => b.name === def.name);
    if (!bot) {
      const made = await caller.bot.create({ name: def.name, greeting: def.greeting, instructions: def.instructions, language: def.language, brandColor: def.brandColor });
      bot = { id: made.id, publicId: made.publicId, name: def.name };
      progress(`created the bot ${def.name}`);
    }
    await db.bot.updateMany({ where: { tenantId, id: bot.id, demo: false }, data: { demo: true } });
    bots.push({ id: bot.id, publicId: bot.publicId, name: def.name, language: def.language });
    if ((await caller.knowledge.list({ id: bot.id })).length === 0) {
      for (const faq of def.faq) await caller.knowledge.addFaq({ botId: bot.id, ...faq });
      await caller.knowledge.addDocument({ botId: bot.id, ...def.document });
      knowledgeAdded = true;
      progress(`${def.name}: ${def.faq.length} FAQ entries and the document "${def.document.title}"`);
    }
    if (!(await caller.rule.list({ botId: bot.id })).some((r) => r.name === def.rule.name)) {
      await caller.rule.create({ botId: bot.id, enabled: true, continue: false, ...def.rule });
    }
  }
  if (knowledgeAdded) {
    progress("indexing the knowledge…");
    onProgress({ phase: "indexing", done: 0, total: scripted });
    await drainIngestion(db);
  }

  let conversations = 0;
  let played = scripted - (await Promise.all(bots.map((b) => openingsOf(db, tenantId, b.id)))).reduce((n, set) => n + set.size, 0);
  onProgress({ phase: "conversations", done: Math.max(0, played), total: scripted });
  const skippedSteps: string[] = [];
  // The bots' visitors take turns with each other, as real ones would: one bot's answer is worked
  // out while the other's writes wait for the database.
  await Promise.all(
    DEMO_BOTS.map(async (def, i) => {
      const bot = bots[i]!;
      const seeded = await openingsOf(db, tenantId, bot.id);
      const todo = def.conversations.filter((c) => !seeded.has(openingText(c)));
      for (const [n, conversation] of todo.entries()) {
        progress(`${def.name}: conversation ${n + 1} of ${todo.length}`);
        const { skipped } = await playConversation(db, { tenantId, userId, caller, bot, timeZone, now }, conversation);
        skippedSteps.push(...skipped.map((s) => `${def.name} "${openingText(conversation)}": ${s}`));
        conversations += 1;
        played += 1;
        onProgress({ phase: "conversations", done: Math.min(played, scripted), total: scripted });
      }
    }),
  );
  if (conversations > 0) {
    progress("updating the analytics…");
    onProgress({ phase: "analytics", done: scripted, total: scripted });
    await foldDemoConversations(db, tenantId, bots.map((b) => b.id));
  }
  return { added: conversations > 0 || knowledgeAdded, bots, conversations, skippedSteps };
}

/**
 * The rollup is kept from the event log, and moving conversations into the past logs nothing: a
 * fold that ran while the demo played may have counted a conversation "now". The demo bots'
 * conversations (those of an earlier, interrupted run too) are recomputed where they are now;
 * nothing else of the workspace's rollup moves, and its other pending changes are left to the
 * usual folds.
 */
async function foldDemoConversations(db: Db, tenantId: string, botIds: string[]): Promise<void> {
  const rows = await db.conversation.findMany({ where: { tenantId, botId: { in: botIds } }, select: { id: true } });
  await foldConversations(db, tenantId, rows.map((r) => r.id));
}

/** The demo owner and their workspace: found by the demo e-mail address, else signed up. */
async function demoAccount(db: Db): Promise<{ userId: string; tenantId: string; created: boolean }> {
  const user = await db.user.findUnique({ where: { email: DEMO_ACCOUNT.email }, select: { id: true } });
  if (user) {
    const membership = await db.membership.findFirst({ where: { userId: user.id, role: "OWNER" }, orderBy: { createdAt: "asc" }, select: { tenantId: true } });
    if (membership) return { userId: user.id, tenantId: membership.tenantId, created: false };
    throw new Error(`${DEMO_ACCOUNT.email} exists but owns no workspace; remove that account or use another data directory`);
  }
  const account = await signUp(db, { companyName: DEMO_ACCOUNT.company, name: DEMO_ACCOUNT.name, email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
  return { userId: account.userId, tenantId: account.tenantId, created: true };
}

/** The first visitor message of each of a bot's conversations. */
async function openingsOf(db: Db, tenantId: string, botId: string): Promise<Set<string>> {
  const rows = await db.message.findMany({
    where: { tenantId, role: "VISITOR", conversation: { tenantId, botId } },
    orderBy: { seq: "asc" },
    select: { conversationId: true, content: true },
  });
  const first = new Map<string, string>();
  for (const row of rows) if (!first.has(row.conversationId)) first.set(row.conversationId, row.content);
  return new Set(first.values());
}
