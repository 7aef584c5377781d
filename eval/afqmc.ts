// Builds a local Chinese FAQ evaluation set from AFQMC (real questions from a payments app's
// customer service; /work/shared/datasets/afqmc, research data without a licence): it is written
// to eval/.cache/ (git-ignored) and must never be committed.
//
//   npx tsx eval/afqmc.ts [--from /work/shared/datasets] [--entries 200]
//
// Same-meaning pairs (label 1) are grouped transitively; each group of two or more distinct
// questions can become an entry with ONE phrasing (its most connected question, as a tenant would
// write it), and its other questions are asked. Groups are dealt deterministically into two
// disjoint sets, dev and check (same construction, other entries), so a change tuned on dev can be
// checked on entries it never saw. Questions of groups left out of the knowledge are the ones
// not to answer.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fnv1a32 } from "@kefu/domain";
import { ZEvalDataset, type EvalDataset } from "./dataset.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { from: { type: "string", default: "/work/shared/datasets" }, entries: { type: "string", default: "200" } } });
const entries = Number(values.entries);
const QUERIES_PER_ENTRY = 4;
const UNANSWERABLE_GROUPS = Math.round(entries / 4);

const rows = readFileSync(path.join(values.from, "afqmc/train.txt"), "utf8")
  .split("\n")
  .map((line) => line.split("\t"))
  .filter((cols) => cols.length === 3)
  .map(([a = "", b = "", label = ""]) => ({ a: a.trim(), b: b.trim(), same: label.trim() === "1" }));

// Union-find over questions joined by a same-meaning pair.
const parent = new Map<string, string>();
const find = (x: string): string => {
  let root = x;
  while (parent.get(root) !== root) root = parent.get(root) ?? root;
  parent.set(x, root);
  return root;
};
const degree = new Map<string, number>();
for (const { a, b, same } of rows) {
  if (!same || a === b || !a || !b) continue;
  for (const q of [a, b]) {
    if (!parent.has(q)) parent.set(q, q);
    degree.set(q, (degree.get(q) ?? 0) + 1);
  }
  parent.set(find(a), find(b));
}
const groups = new Map<string, string[]>();
for (const q of parent.keys()) {
  const root = find(q);
  groups.set(root, [...(groups.get(root) ?? []), q]);
}
// Very large groups are chains of loosely related pairs, not one question: kept out.
const usable = [...groups.values()]
  .filter((g) => g.length >= 2 && g.length <= 12)
  .map((g) => g.sort((x, y) => (degree.get(y) ?? 0) - (degree.get(x) ?? 0) || x.length - y.length || x.localeCompare(y)))
  .sort((x, y) => fnv1a32(x[0] ?? "") - fnv1a32(y[0] ?? ""));

function build(offset: number): EvalDataset {
  const take = usable.slice(offset, offset + entries + UNANSWERABLE_GROUPS);
  const known = take.slice(0, entries);
  const unknown = take.slice(entries);
  const kb = known.map((g, i) => ({ id: `afqmc-${offset + i}`, question: g[0] ?? "", alternatives: [], answer: `（第 ${i + 1} 条的答案）` }));
  const queries = [
    ...known.flatMap((g, i) => g.slice(1, 1 + QUERIES_PER_ENTRY).map((q) => ({ q, expected: [`afqmc-${offset + i}`] }))),
    ...unknown.flatMap((g) => g.slice(0, 1).map((q) => ({ q, expected: [] as string[] }))),
  ];
  return ZEvalDataset.parse({ language: "zh", kb, queries });
}

mkdirSync(path.join(here, ".cache"), { recursive: true });
for (const [name, offset] of [["afqmc-dev.json", 0], ["afqmc-check.json", entries + UNANSWERABLE_GROUPS]] as const) {
  const dataset = build(offset);
  writeFileSync(path.join(here, ".cache", name), `${JSON.stringify(dataset)}\n`);
  const answerable = dataset.queries.filter((q) => q.expected.length > 0).length;
  console.log(`.cache/${name}: ${dataset.kb.length} entries, ${answerable} answerable + ${dataset.queries.length - answerable} unanswerable queries`);
}
console.log(`(${usable.length} usable groups)`);
