// temporary experiment harness (deleted after use)
import { readFileSync } from "node:fs";
import { answerConfidence, chunkMarkdown, DEFAULT_ANSWER_THRESHOLD, faqChunks, hashedNgramEmbedding, HybridRetriever, hybridSearch, KnowledgeIndex, MemoryVectors, type RetrievalDoc, type SearchOptions } from "./src/index";
const file = process.argv[2]!; const limit = Number(process.argv[3] ?? 1e9);
const ds = JSON.parse(readFileSync(file, "utf8"));
const docs: RetrievalDoc[] = []; const sources: { id: string; title: string; chunks: RetrievalDoc[] }[] = [];
for (const e of ds.kb) {
  const rows = "question" in e ? faqChunks(e).map((c) => ({ text: c.text, answer: c.answer, headingPath: [] as string[] }))
    : chunkMarkdown(e.content).map((p) => ({ text: [e.title, ...p.headingPath, p.text].join("\n"), answer: p.text, headingPath: p.headingPath }));
  const chunks = rows.map((r, i) => ({ id: `${e.id}#${i}`, sourceId: e.id, text: r.text, answer: r.answer, headingPath: r.headingPath, embedding: hashedNgramEmbedding(r.text), title: e.question ?? e.title }));
  docs.push(...chunks); sources.push({ id: e.id, title: e.question ?? e.title, chunks });
}
const old = new HybridRetriever(docs);
const index = new KnowledgeIndex();
for (const s of sources) index.upsertSource({ id: s.id, version: "1", title: s.title, chunks: s.chunks.map(({ sourceId, title, embedding, ...c }) => c) });
const mem = new MemoryVectors(docs);
const configs: Record<string, SearchOptions | "old"> = { small: { vectorCandidates: 40, lexicalCandidates: 30 }, smaller: { vectorCandidates: 20, lexicalCandidates: 20 }, old: "old", weighted: { rerank: false }, weightedRerank: { rerank: true }, rrf: { fusion: "rrf", rerank: false }, rrfRerank: { fusion: "rrf", rerank: true } };
const which = (process.argv[4] ?? Object.keys(configs).join(",")).split(",");
for (const name of which) {
  const cfg = configs[name]!;
  let r1 = 0, r5 = 0, ans = 0, unans = 0, tp = 0, fp = 0, fn = 0, n = 0, mrr = 0;
  const t0 = performance.now();
  for (const q of ds.queries.slice(0, limit)) {
    const hits = cfg === "old" ? old.retrieve(q.q, 5) : await hybridSearch([index], mem.forQuery(hashedNgramEmbedding(q.q)), q.q, { ...cfg, k: 5 });
    const conf = answerConfidence(q.q, hits);
    const answered = conf >= DEFAULT_ANSWER_THRESHOLD && !!hits[0];
    const ids = hits.map((h) => h.doc.sourceId);
    if (q.expected.length) { n++; const rank = ids.findIndex((id) => q.expected.includes(id)); if (rank === 0) r1++; if (rank >= 0) { r5++; mrr += 1 / (rank + 1); } }
    else unans++;
    if (answered) ans++;
    const pos = !answered; const truth = q.expected.length === 0;
    if (pos && truth) tp++; else if (pos && !truth) fp++; else if (!pos && truth) fn++;
  }
  const P = tp / (tp + fp), R = tp / (tp + fn);
  console.log(name.padEnd(16), `r@1 ${(r1 / n).toFixed(4)} r@5 ${(r5 / n).toFixed(4)} mrr ${(mrr / n).toFixed(4)} ans ${(ans / ds.queries.slice(0, limit).length).toFixed(3)} uF1 ${unans ? ((2 * P * R) / (P + R)).toFixed(4) : "-"} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
}
