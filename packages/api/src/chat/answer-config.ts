import { type DbTx } from "@kefu/db";
import {
  compilePiiPatterns,
  factsReadByRules,
  notFound,
  storedPiiPatterns,
  type BusinessHours,
  type EscalationRule,
  type FactsRead,
  type PiiDetectOptions,
} from "@kefu/domain";
import { BOT_ANSWERING_FIELDS, redactionFor } from "../bots/index.ts";
import { businessHoursOf, engineRulesForBot } from "../handoff/index.ts";

/** Every bot column one answer needs (embedder, threshold and model, handoff). */
const ANSWER_SETTINGS = { ...BOT_ANSWERING_FIELDS, activeEmbeddingKey: true, allowHandoff: true, maskStoredPii: true, rewriteQuestions: true } as const;

/** What answering a bot's visitors needs that changes only when an admin changes it. */
export interface AnswerConfig {
  settings: {
    name: string;
    instructions: string;
    answerThreshold: number;
    targetPrecision: number;
    chatProviderId: string | null;
    chatModel: string | null;
    activeEmbeddingKey: string;
    allowHandoff: boolean;
    redactPii: boolean;
    piiPatterns: unknown;
    maskStoredPii: boolean;
    rewriteQuestions: boolean;
  };
  /** Personal data to replace before text reaches a remote model (chat or embedding), or null. */
  redaction: PiiDetectOptions | null;
  /** Personal data to mask in what is stored (Bot.maskStoredPii), or null. */
  masking: PiiDetectOptions | null;
  /** The enabled, valid handoff rules in the engine's shape. */
  rules: EscalationRule[];
  /** Which costly facts the rules read (domain factsReadByRules). */
  facts: FactsRead;
  /** The tenant's schedule, when a rule reads it. */
  businessHours: BusinessHours | null;
}

interface Entry {
  tenantId: string;
  version: number;
  config: AnswerConfig;
}

/** Bots whose configuration this process keeps; the least recently used go first. */
export const ANSWER_CONFIG_CACHE_SIZE = 1_000;
const cache = new Map<string, Entry>();
let loads = 0;

/**
 * A bot's answering configuration, kept per process and keyed on Bot.updatedAt, which the visitor
 * call has just read with the bot: a change to the bot's settings moves it (Prisma's @updatedAt),
 * and so do changes to its rules and to the tenant's business hours (bots/touchBots). A hit costs
 * no query; a miss reads the bot's settings, its rules and, if a rule needs them, the hours.
 */
export async function answerConfigFor(db: DbTx, bot: { id: string; tenantId: string; updatedAt: Date }): Promise<AnswerConfig> {
  const version = bot.updatedAt.getTime();
  const hit = cache.get(bot.id);
  if (hit && hit.tenantId === bot.tenantId && hit.version === version) {
    cache.delete(bot.id);
    cache.set(bot.id, hit);
    return hit.config;
  }
  loads++;
  const [settings, rules] = await Promise.all([
    db.bot.findFirst({ where: { id: bot.id, tenantId: bot.tenantId }, select: ANSWER_SETTINGS }),
    engineRulesForBot(db, bot.tenantId, bot.id),
  ]);
  if (!settings) throw notFound("bot");
  const facts = factsReadByRules(rules);
  const businessHours = facts.businessHours ? await businessHoursOf(db, bot.tenantId) : null;
  // Tenant patterns are compiled once per version of the bot, not once per message.
  const redaction = redactionFor(settings);
  const masking = settings.maskStoredPii ? (redaction ?? { patterns: compilePiiPatterns(storedPiiPatterns(settings.piiPatterns)) }) : null;
  const config = { settings, rules, facts, businessHours, redaction, masking };
  // A request that read an older stamp does not replace a newer entry.
  const current = cache.get(bot.id);
  if (!current || current.tenantId !== bot.tenantId || current.version <= version) {
    cache.delete(bot.id);
    cache.set(bot.id, { tenantId: bot.tenantId, version, config });
    if (cache.size > ANSWER_CONFIG_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return config;
}

/** How many times the configuration was read from the database (for tests of the cache). */
export function answerConfigLoads(): number {
  return loads;
}
