import { type DbTx } from "@kefu/db";
import { AdmissionGate, type Admission } from "../platform/admission.ts";
import { readApiEnv } from "../platform/env.ts";

/** The procedure admitted through the gate: a visitor's message and its answer. */
export const ANSWERING_PATH = "chat.send";
/**
 * Every procedure that waits in the gate: a "did you mean" choice is answered too (by the bot's AI
 * model when it has one). Only chat.send gives its place back the moment its answer ends
 * (`Admission.path`); a choice gives it back with the end of its response body, a moment later.
 */
export const ANSWERING_PATHS: readonly string[] = [ANSWERING_PATH, "chat.chooseSuggestion"];
/** Bots whose tenant this process remembers (a bot never changes tenant). */
const TENANT_CACHE_SIZE = 10_000;
const tenantOfBot = new Map<string, string>();

/**
 * The tenant an answering request (chat.send, chat.chooseSuggestion) waits under, or null for
 * requests without one. The bot's public id comes from the request's (batched) input; its tenant
 * is looked up once per process. An unknown bot waits under its own id (tRPC then refuses the call).
 */
export async function answeringTenantOf(db: DbTx, req: Request): Promise<string | null> {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1)).split(",");
  const at = paths.findIndex((path) => ANSWERING_PATHS.includes(path));
  if (at < 0 || req.method !== "POST") return null;
  const body = (await req
    .clone()
    .json()
    .catch(() => null)) as Record<string, { json?: { botId?: unknown } } | undefined> | null;
  const botId = body?.[String(at)]?.json?.botId;
  if (typeof botId !== "string") return "unknown";
  return (await tenantOfBotPublicId(db, botId)) ?? `bot:${botId}`;
}

/** The tenant of the bot with this public id (null: no such bot), remembered per process. */
export async function tenantOfBotPublicId(db: DbTx, botId: string): Promise<string | null> {
  const known = tenantOfBot.get(botId);
  if (known) return known;
  // By public id, like every visitor call (conversations/visitors.ts findBotForVisitor).
  const bot = await db.bot.findUnique({ where: { publicId: botId }, select: { tenantId: true } });
  if (!bot) return null;
  if (tenantOfBot.size >= TENANT_CACHE_SIZE) tenantOfBot.delete(tenantOfBot.keys().next().value!);
  tenantOfBot.set(botId, bot.tenantId);
  return bot.tenantId;
}

let gate: AdmissionGate | undefined;

/** This process's admission of answers (limits from KEFU_ANSWER_CONCURRENCY, _QUEUE, _WAIT_MS), for the chat app's endpoint. */
export function answerAdmission(db: DbTx): Admission {
  if (!gate) {
    const env = readApiEnv();
    gate = new AdmissionGate({ maxInFlight: env.KEFU_ANSWER_CONCURRENCY, maxQueued: env.KEFU_ANSWER_QUEUE, maxWaitMs: env.KEFU_ANSWER_WAIT_MS });
  }
  return { gate, path: ANSWERING_PATH, keyOf: (req) => answeringTenantOf(db, req) };
}
