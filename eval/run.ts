// The answer-quality harness (issue #3):
//
//   npm run eval -- --dataset <file.json> [--provider builtin] [--limit N] [--single-phrasing] [--traditional questions|knowledge]
//
// Loads a dataset (see eval/dataset.ts and eval/README.md) into a fresh, throwaway tenant on the
// embedded database (in-memory PGlite with the real migrations), asks every query through the
// widget's own code path (the public tRPC `chat.send`, streamed), and prints a JSON report, then a
// one-line summary as the last line of stdout. Progress goes to stderr. The bot has the default
// settings (target precision 0.9) and the thresholds the product calibrates from the knowledge:
// nothing is tuned per dataset.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createApiContext, drainIngestion } from "@kefu/api";
import { createAdminCaller } from "@kefu/api/admin";
import { createPublicCaller } from "@kefu/api/public";
import { createTestDb } from "@kefu/db/testing";
import { DEFAULT_ANSWER_THRESHOLD, evalMetrics, thresholdsForTarget, type EvalMetrics, type EvalOutcome } from "@kefu/domain";
import { isFaq, readDataset, variantOf, type EvalDataset } from "./dataset.ts";

const PROVIDERS = ["builtin"] as const;
/**
 * Each query is asked in a conversation of its own: the eval measures single questions, and a
 * shared conversation would let the handoff rules (e.g. "3 unanswered turns") act across queries.
 */
const QUERIES_PER_VISITOR = 1;
const PROGRESS_EVERY = 500;

const progress = (line: string): void => void process.stderr.write(`[eval] ${line}\n`);
const seconds = (ms: number): number => Math.round(ms / 100) / 10;

function options() {
  const { values } = parseArgs({
    options: {
      dataset: { type: "string" },
      provider: { type: "string", default: "builtin" },
      limit: { type: "string" },
      "single-phrasing": { type: "boolean", default: false },
      traditional: { type: "string" },
    },
    strict: true,
  });
  if (!values.dataset) throw new Error("Usage: npm run eval -- --dataset <file.json> [--provider builtin] [--limit N] [--single-phrasing] [--traditional questions|knowledge]");
  if (!(PROVIDERS as readonly string[]).includes(values.provider)) {
    throw new Error(`Unknown provider "${values.provider}"; available: ${PROVIDERS.join(", ")}.`);
  }
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0)) throw new Error("--limit must be a positive number of queries.");
  return { dataset: path.resolve(values.dataset), provider: values.provider, limit, singlePhrasing: values["single-phrasing"], traditional: values.traditional };
}

type Db = Awaited<ReturnType<typeof createTestDb>>["db"];

/** A new tenant, signed up like any customer, with one bot on the default settings. */
async function newTenantBot(db: Db, language: EvalDataset["language"]) {
  const anonymous = createAdminCaller(createApiContext({ db }));
  const email = `eval-${crypto.randomUUID().slice(0, 8)}@example.com`;
  // Without SMTP a new address gets its workspace at once (docs/security.md, sign-up).
  await anonymous.account.signUp({ companyName: "Kefu eval", email, password: crypto.randomUUID() });
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const admin = createAdminCaller(createApiContext({ db, userId: user.id }));
  const bot = await admin.bot.create({
    name: "Eval bot",
    greeting: language === "zh" ? "您好，有什么可以帮您？" : "Hi! How can I help?",
    instructions: "",
    language,
    brandColor: "#2563eb",
  });
  return { admin, bot };
}

/** Adds every knowledge entry through the admin API; returns Kefu source id → dataset id. */
async function ingest(admin: Awaited<ReturnType<typeof newTenantBot>>["admin"], botId: string, kb: EvalDataset["kb"]) {
  const datasetIdOf = new Map<string, string>();
  for (const [i, entry] of kb.entries()) {
    try {
      const source = isFaq(entry)
        ? await admin.knowledge.addFaq({ botId, question: entry.question, alternatives: entry.alternatives, answer: entry.answer })
        : await admin.knowledge.addDocument({ botId, title: entry.title, content: entry.content });
      datasetIdOf.set(source.id, entry.id);
    } catch (error) {
      throw new Error(`kb entry "${entry.id}" was refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    if ((i + 1) % PROGRESS_EVERY === 0) progress(`ingested ${i + 1}/${kb.length} entries`);
  }
  return datasetIdOf;
}

/** Asks every query as a visitor of the bot's widget and records what came back. */
async function ask(db: Db, publicId: string, queries: EvalDataset["queries"], datasetIdOf: ReadonlyMap<string, string>) {
  const visitor = createPublicCaller(createApiContext({ db }));
  const outcomes: EvalOutcome[] = [];
  let visitorToken = "";
  for (const [i, query] of queries.entries()) {
    if (i % QUERIES_PER_VISITOR === 0) ({ visitorToken } = await visitor.chat.start({ botId: publicId }));
    const started = performance.now();
    let final;
    let handedOff = false;
    try {
      const stream = await visitor.chat.send({
        botId: publicId,
        visitorToken,
        text: query.q,
        clientMessageId: `eval-${String(i).padStart(8, "0")}`,
      });
      for await (const event of stream) {
        if (event.type === "bot_message") final = event;
        else if (event.type === "handoff") handedOff = true;
      }
    } catch (error) {
      throw new Error(`query ${i} ("${query.q.slice(0, 60)}") failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const latencyMs = performance.now() - started;
    if (!final && !handedOff) throw new Error(`query ${i} ("${query.q.slice(0, 60)}") got no answer`);
    outcomes.push({
      expected: query.expected,
      ranking: (final?.ranking ?? []).map((r) => datasetIdOf.get(r.sourceId) ?? r.sourceId),
      // What the visitor sees: an answer cites its source; "I don't know" cites nothing, and a
      // handoff to a person (e.g. "talk to a human") is not an answer from the knowledge.
      answered: (final?.message.citations.length ?? 0) > 0,
      // "Did you mean": the entries offered instead of an answer (not an answer).
      suggested: (final?.message.suggestions ?? []).map((s) => datasetIdOf.get(s.sourceId) ?? s.sourceId),
      latencyMs,
    });
    if ((i + 1) % PROGRESS_EVERY === 0) progress(`asked ${i + 1}/${queries.length} queries`);
  }
  return outcomes;
}

const round = (x: number | null, digits: number): number | null => (x === null ? null : Number(x.toFixed(digits)));

function formatMetrics(m: EvalMetrics): EvalMetrics {
  const out = { ...m };
  for (const key of Object.keys(out) as (keyof EvalMetrics)[]) {
    const value = out[key];
    if (typeof value === "number" && !Number.isInteger(value)) {
      (out as Record<string, number | null>)[key] = round(value, key.startsWith("latency_") ? 1 : 4);
    }
  }
  return out;
}

const fixed = (x: number | null, digits = 3): string => (x === null ? "–" : x.toFixed(digits));

async function main(): Promise<void> {
  const wallStarted = performance.now();
  const opts = options();
  const read = readDataset(opts.dataset);
  const dataset = variantOf(read, opts);
  const queries = dataset.queries.slice(0, opts.limit);
  const name = path.basename(opts.dataset);
  const phrasings = dataset.kb.reduce((n, e) => n + (isFaq(e) ? 1 + e.alternatives.length : 0), 0);
  const documents = dataset.kb.filter((e) => !isFaq(e)).length;
  progress(`${name}: ${dataset.kb.length} entries (${phrasings} FAQ phrasings, ${documents} documents), ${queries.length} queries`);

  let started = performance.now();
  const { db, close } = await createTestDb();
  const setupMs = performance.now() - started;
  try {
    const { admin, bot } = await newTenantBot(db, dataset.language);
    started = performance.now();
    const datasetIdOf = await ingest(admin, bot.id, dataset.kb);
    // Documents are indexed by background jobs, and the knowledge base calibrated after them:
    // finish both before asking anything, so that the bot answers with its calibrated thresholds.
    await drainIngestion(db);
    const [calibration] = await admin.knowledgeBase.calibrationForBot({ id: bot.id });
    const thresholds = calibration?.calibration && calibration.status === "ready" ? thresholdsForTarget(calibration.calibration, bot.targetPrecision) : null;
    progress(`calibration: ${calibration?.status ?? "none"}${thresholds ? ` (answer ${thresholds.answer}, suggest ${thresholds.suggest} at target ${bot.targetPrecision})` : ""}`);
    const failed = await db.knowledgeSource.findMany({ where: { id: { in: [...datasetIdOf.keys()] }, status: "FAILED" }, select: { id: true, error: true }, take: 1 });
    if (failed[0]) throw new Error(`kb entry "${datasetIdOf.get(failed[0].id)}" failed to index: ${failed[0].error}`);
    const ingestMs = performance.now() - started;
    progress(`ingested in ${seconds(ingestMs)} s`);

    started = performance.now();
    const outcomes = await ask(db, bot.publicId, queries, datasetIdOf);
    const queryMs = performance.now() - started;
    const metrics = formatMetrics(evalMetrics(outcomes));

    const report = {
      ...metrics,
      dataset: name,
      single_phrasing: opts.singlePhrasing,
      traditional: opts.traditional ?? null,
      provider: opts.provider,
      language: dataset.language,
      // The thresholds calibrated for the knowledge at the bot's target precision; the default without one.
      calibration: calibration?.status ?? null,
      target_precision: bot.targetPrecision,
      answer_threshold: thresholds?.answer ?? DEFAULT_ANSWER_THRESHOLD,
      suggest_threshold: thresholds?.suggest ?? null,
      kb_entries: dataset.kb.length,
      kb_faq_phrasings: phrasings,
      kb_documents: documents,
      setup_s: seconds(setupMs),
      ingest_s: seconds(ingestMs),
      query_s: seconds(queryMs),
      wall_s: seconds(performance.now() - wallStarted),
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `eval ${name} (${opts.provider}${opts.singlePhrasing ? ", single phrasing" : ""}${opts.traditional ? `, ${opts.traditional} in Traditional` : ""}): recall@1 ${fixed(metrics.recall_at_1)} recall@5 ${fixed(metrics.recall_at_5)} ` +
        `mrr ${fixed(metrics.mrr)} answer_rate ${fixed(metrics.answer_rate)} answered_accuracy ${fixed(metrics.answered_accuracy)} ` +
        `suggested_rate ${fixed(metrics.suggested_rate)} related_rate ${fixed(metrics.related_rate)} answered_or_suggested_recall ${fixed(metrics.answered_or_suggested_recall)} unanswerable_suggested_rate ${fixed(metrics.unanswerable_suggested_rate)} unanswerable_f1 ${fixed(metrics.unanswerable_f1)} ` +
        `p50 ${fixed(metrics.latency_ms_p50, 1)} ms p95 ${fixed(metrics.latency_ms_p95, 1)} ms; ` +
        `${metrics.queries} queries in ${report.query_s} s, wall ${report.wall_s} s`,
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(`[eval] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
