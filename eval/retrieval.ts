// The retrieval-only harness, for tuning on dev splits in seconds:
//
//   npm run eval:retrieval -- --dataset <file.json> [--limit N] [--single-phrasing]
//
// Builds the in-memory `HybridRetriever` (the product's scores, source classifier included;
// checked against `hybridSearch` in the domain tests) over the dataset's entries chunked as the
// product chunks them, and decides "answered" by the product's confidence threshold. No
// database, no escalation rules, no answer text: `npm run eval` is the end-to-end measure.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  answerConfidence,
  chunkMarkdown,
  DEFAULT_ANSWER_THRESHOLD,
  evalMetrics,
  faqChunks,
  HybridRetriever,
  type RetrievalDoc,
} from "@kefu/domain";
import { isFaq, readDataset, singlePhrasing } from "./dataset.ts";

const { values } = parseArgs({
  options: { dataset: { type: "string" }, limit: { type: "string" }, "single-phrasing": { type: "boolean", default: false } },
  strict: true,
});
if (!values.dataset) throw new Error("Usage: npm run eval:retrieval -- --dataset <file.json> [--limit N] [--single-phrasing]");
const read = readDataset(path.resolve(values.dataset));
const dataset = values["single-phrasing"] ? singlePhrasing(read) : read;
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
const retriever = new HybridRetriever(docs);
const buildMs = performance.now() - started;

started = performance.now();
const outcomes = queries.map((query) => {
  const t = performance.now();
  const hits = retriever.retrieve(query.q, 5);
  return {
    expected: query.expected,
    ranking: hits.map((h) => h.doc.sourceId),
    answered: answerConfidence(query.q, hits) >= DEFAULT_ANSWER_THRESHOLD,
    latencyMs: performance.now() - t,
  };
});
const m = evalMetrics(outcomes);
const f = (x: number | null): string => (x === null ? "–" : x.toFixed(4));
console.log(
  `retrieval ${path.basename(values.dataset)}${values["single-phrasing"] ? " (single phrasing)" : ""}: recall@1 ${f(m.recall_at_1)} recall@5 ${f(m.recall_at_5)} mrr ${f(m.mrr)} ` +
    `answer_rate ${f(m.answer_rate)} unanswerable_f1 ${f(m.unanswerable_f1)} (p ${f(m.unanswerable_precision)} / r ${f(m.unanswerable_recall)}); ` +
    `${docs.length} chunks built in ${Math.round(buildMs)} ms, ${queries.length} queries in ${Math.round(performance.now() - started)} ms`,
);
