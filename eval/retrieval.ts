// The retrieval-only harness, for tuning on dev splits in seconds:
//
//   npm run eval:retrieval -- --dataset <file.json> [--limit N] [--single-phrasing] [--traditional questions|knowledge] [--fixed] [--target 0.9]
//
// Builds the in-memory `HybridRetriever` (the product's scores, source classifier included;
// checked against `hybridSearch` in the domain tests) over the dataset's entries chunked as the
// product chunks them, and decides "answered" by the thresholds the product calibrates for that
// knowledge at the target precision (`--fixed`: the global default threshold instead). No
// database, no escalation rules, no answer text: `npm run eval` is the end-to-end measure.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  answerConfidence,
  answerDecision,
  calibrate,
  chunkMarkdown,
  DEFAULT_THRESHOLDS,
  expectedBehaviour,
  evalMetrics,
  faqChunks,
  HybridRetriever,
  type RetrievalDoc,
  offeredEntries,
  thresholdsForTarget,
} from "@kefu/domain";
import { isFaq, readDataset, variantOf } from "./dataset.ts";

const { values } = parseArgs({
  options: {
    dataset: { type: "string" },
    limit: { type: "string" },
    "single-phrasing": { type: "boolean", default: false },
    traditional: { type: "string" },
    // Thresholds calibrated from the knowledge itself, as the product does (default); --fixed: the global default.
    fixed: { type: "boolean", default: false },
    target: { type: "string", default: "0.9" },
  },
  strict: true,
});
if (!values.dataset) throw new Error("Usage: npm run eval:retrieval -- --dataset <file.json> [--limit N] [--single-phrasing]");
const read = readDataset(path.resolve(values.dataset));
const dataset = variantOf(read, { singlePhrasing: values["single-phrasing"], traditional: values.traditional });
const queries = dataset.queries.slice(0, values.limit ? Number(values.limit) : undefined);

const docs: RetrievalDoc[] = dataset.kb.flatMap((entry): RetrievalDoc[] =>
  isFaq(entry)
    ? faqChunks(entry).map((c, i) => ({ id: `${entry.id}#${i}`, sourceId: entry.id, text: c.text, answer: c.answer }))
    : chunkMarkdown(entry.content).map((c, i) => ({
        id: `${entry.id}#${i}`,
        sourceId: entry.id,
        text: c.text,
        answer: c.text,
        headingPath: [entry.title, ...c.headingPath],
      })),
);
let started = performance.now();
const calibrated = values.fixed ? null : calibrate(docs);
const calibration = calibrated?.status === "ready" ? calibrated.calibration : null;
const thresholds = calibration ? thresholdsForTarget(calibration, Number(values.target)) : { ...DEFAULT_THRESHOLDS, reached: false };
const calibrateMs = performance.now() - started;
if (calibration) {
  const e = expectedBehaviour(calibration, thresholds);
  console.log(
    `calibrated (target ${values.target}) in ${Math.round(calibrateMs)} ms on ${calibration.positives}+${calibration.negatives} pseudo-queries: ` +
      `answer ${thresholds.answer} suggest ${thresholds.suggest}${thresholds.reached ? "" : " (target not reached)"}; expected precision ${e.precision} answer_rate ${e.answerRate} suggest_rate ${e.suggestRate}`,
  );
} else if (calibrated) console.log(`not calibrated: ${calibrated.status === "too_small" ? calibrated.reason : ""}`);
started = performance.now();
const retriever = new HybridRetriever(docs);
const buildMs = performance.now() - started;

started = performance.now();
const outcomes = queries.map((query) => {
  const t = performance.now();
  const hits = retriever.retrieve(query.q, 5);
  // The product's three-way decision, and the entries it would offer (the band's, or related ones under an answer).
  const decision = answerDecision(answerConfidence(query.q, hits, { nearNeighbours: thresholds.calibrated === true }), thresholds, {
    question: query.q,
    matched: hits[0]?.doc.text ?? "",
    familiar: retriever.familiarShare(query.q),
  });
  return {
    expected: query.expected,
    ranking: hits.map((h) => h.doc.sourceId),
    answered: decision === "answer",
    suggested: offeredEntries(hits, decision).map((s) => s.sourceId),
    latencyMs: performance.now() - t,
  };
});
const m = evalMetrics(outcomes);
const f = (x: number | null): string => (x === null ? "–" : x.toFixed(4));
console.log(
  `retrieval ${path.basename(values.dataset)}${values["single-phrasing"] ? " (single phrasing)" : ""}${values.traditional ? ` (${values.traditional} in Traditional)` : ""}: recall@1 ${f(m.recall_at_1)} recall@5 ${f(m.recall_at_5)} mrr ${f(m.mrr)} ` +
    `answer_rate ${f(m.answer_rate)} answered_accuracy ${f(m.answered_accuracy)} suggested_rate ${f(m.suggested_rate)} related_rate ${f(m.related_rate)} ` +
    `answered_or_suggested_recall ${f(m.answered_or_suggested_recall)} unanswerable_suggested_rate ${f(m.unanswerable_suggested_rate)} unanswerable_f1 ${f(m.unanswerable_f1)} (p ${f(m.unanswerable_precision)} / r ${f(m.unanswerable_recall)}); ` +
    `${docs.length} chunks built in ${Math.round(buildMs)} ms, ${queries.length} queries in ${Math.round(performance.now() - started)} ms`,
);
