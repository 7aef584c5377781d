import { type Db } from "@kefu/db";
import { DomainError, type WorkspaceDemoStatus } from "@kefu/domain";
import { adminCallerFor, seedDemoContent, type DemoSeedProgress } from "./seed.ts";

// "Explore with demo data" in a workspace of one's own: the demo's bots, knowledge and sample
// conversations made in it (seed.ts, as `npm run demo` makes them in the demo workspace), and
// "Remove demo data" deleting the bots it marked, with everything that hangs off them.

/**
 * Seeds running in this process, by tenant: their progress for the status query, and a second
 * click while one runs is refused. A status read by another replica of the admin app sees no
 * progress, only the demo bots as they appear.
 */
const running = new Map<string, DemoSeedProgress>();

export async function workspaceDemoStatus(db: Db, tenantId: string): Promise<WorkspaceDemoStatus> {
  const demoBots = await db.bot.count({ where: { tenantId, demo: true } });
  return { demoBots, seeding: running.get(tenantId) ?? null };
}

/** Seeds the demo into the workspace as `userId` (an owner or admin there). Idempotent. */
export async function seedWorkspaceDemo(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  if (running.has(tenantId)) throw new DomainError("CONFLICT", "demo_seeding", "The demo data is being added already.");
  running.set(tenantId, { phase: "bots", done: 0, total: 0 });
  try {
    const { timeZone } = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timeZone: true } });
    const result = await seedDemoContent(db, {
      tenantId,
      userId,
      timeZone,
      now: new Date(),
      adoptByName: false,
      progress: () => undefined,
      onProgress: (progress) => running.set(tenantId, progress),
    });
    return { bots: result.bots.length, conversations: result.conversations };
  } finally {
    running.delete(tenantId);
  }
}

/**
 * Deletes the demo's bots through bot.delete as `userId` (so each is audited as any deletion is):
 * their knowledge, rules, conversations and analytics go with them; the workspace's own bots stay.
 */
export async function removeWorkspaceDemo(db: Db, { tenantId, userId }: { tenantId: string; userId: string }) {
  if (running.has(tenantId)) throw new DomainError("CONFLICT", "demo_seeding", "The demo data is still being added; remove it once that is done.");
  const bots = await db.bot.findMany({ where: { tenantId, demo: true }, select: { id: true } });
  const caller = await adminCallerFor(db, { userId, tenantId });
  // Each deletion takes the demo bot's analytics with it, in its own transaction (bots.ts); the
  // workspace's own figures, those of deleted conversations and bots included, are not touched.
  for (const bot of bots) await caller.bot.delete({ id: bot.id });
  return { removed: bots.length };
}
