// Converts the public datasets (raw copies in /work/shared/datasets, see its README) into the
// evaluation format of `npm run eval`. Deterministic: the first k training utterances of each intent
// become its FAQ entry, in file order. Each set goes to its own folder with its licence; a file of
// 5 MB or more goes to eval/.cache (git-ignored) instead.
//
//   npx tsx eval/convert.ts [--from /work/shared/datasets]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ZEvalDataset, type EvalDataset, type FaqEntry } from "./dataset.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const MAX_COMMITTED_BYTES = 5 * 1024 * 1024;

const args = process.argv.slice(2);
const fromAt = args.indexOf("--from");
const from = path.resolve(fromAt >= 0 ? (args[fromAt + 1] ?? "") : "/work/shared/datasets");

function write(folder: string, name: string, dataset: EvalDataset): void {
  ZEvalDataset.parse(dataset);
  const text = `${JSON.stringify(dataset)}\n`;
  const bytes = Buffer.byteLength(text);
  const dir = bytes < MAX_COMMITTED_BYTES ? path.join(here, folder) : path.join(here, ".cache", folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), text);
  const answerable = dataset.queries.filter((q) => q.expected.length > 0).length;
  console.log(
    `${path.relative(here, path.join(dir, name))}: ${dataset.kb.length} entries, ${answerable} answerable + ` +
      `${dataset.queries.length - answerable} unanswerable queries, ${(bytes / 1024).toFixed(0)} KiB`,
  );
}

function copyLicence(folder: string, file: string): void {
  mkdirSync(path.join(here, folder), { recursive: true });
  // Read and write rather than copy: the source is read-only, the copy must stay rewritable.
  writeFileSync(path.join(here, folder, file), readFileSync(path.join(from, folder, file)));
}

/** Groups labelled utterances by label, keeping first-seen order of labels and utterances. */
function byLabel(rows: readonly (readonly [text: string, label: string])[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [text, label] of rows) {
    const list = groups.get(label) ?? [];
    list.push(text.trim());
    groups.set(label, list);
  }
  return groups;
}

/**
 * One FAQ entry per intent: its first k training utterances as question + alternatives. The
 * answer is a neutral placeholder: answers are matched too, and the intent's name is the gold label.
 */
function intentFaqs(train: Map<string, string[]>, k: number): FaqEntry[] {
  return [...train].map(([intent, utterances], i) => {
    const [question = intent, ...alternatives] = utterances.slice(0, k);
    return { id: intent, question, alternatives, answer: `Answer number ${i + 1}.` };
  });
}

// ── CLINC150 (Larson et al., 2019), CC BY 3.0 ──────────────────────────────────────────────
function clinc150(): void {
  type Rows = [string, string][];
  const data = JSON.parse(readFileSync(path.join(from, "clinc150/data_full.json"), "utf8")) as Record<string, Rows>;
  const kb = intentFaqs(byLabel(data.train ?? []), 20);
  const queries = (rows: Rows) => rows.map(([q, label]) => ({ q, expected: label === "oos" ? [] : [label] }));
  copyLicence("clinc150", "LICENSE");
  write("clinc150", "clinc150-test.json", { language: "en", kb, queries: queries([...(data.test ?? []), ...(data.oos_test ?? [])]) });
  write("clinc150", "clinc150-val.json", { language: "en", kb, queries: queries([...(data.val ?? []), ...(data.oos_val ?? [])]) });
}

// ── BANKING77 (Casanueva et al., 2020), CC BY 4.0 ──────────────────────────────────────────
/** RFC 4180 CSV (quoted fields, "" escapes, newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = (): void => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== "," && ch !== "\n" && ch !== "\r")) {
      field += ch;
    } else if (ch === ",") {
      endField();
    } else {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endField();
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
    }
  }
  row.push(field);
  if (row.some((f) => f !== "")) rows.push(row);
  return rows;
}

function banking77(): void {
  const read = (file: string) =>
    parseCsv(readFileSync(path.join(from, "banking77", file), "utf8"))
      .slice(1)
      .map(([text = "", category = ""]) => [text, category] as const);
  const train = byLabel(read("train.csv"));
  const kb = intentFaqs(train, 10);
  // Dev queries: training utterances not in the knowledge (up to 10 more per intent), for tuning.
  const dev = [...train].flatMap(([intent, utterances]) => utterances.slice(10, 20).map((q) => ({ q, expected: [intent] })));
  copyLicence("banking77", "LICENSE");
  write("banking77", "banking77-test.json", { language: "en", kb, queries: read("test.csv").map(([q, c]) => ({ q, expected: [c] })) });
  write("banking77", "banking77-dev.json", { language: "en", kb, queries: dev });
}

// ── CMRC 2018 (Cui et al., 2019), CC BY-SA 4.0 ─────────────────────────────────────────────
interface Squad {
  data: { title: string; paragraphs: { id: string; context: string; qas: { question: string }[] }[] }[];
}

function cmrc2018(file: string, name: string): void {
  const squad = JSON.parse(readFileSync(path.join(from, "cmrc2018", file), "utf8")) as Squad;
  const paragraphs = squad.data.flatMap((article) => article.paragraphs.map((p) => ({ ...p, title: article.title.trim() })));
  // One document per paragraph; an untitled article takes its paragraph id as the title.
  const kb = paragraphs.map((p) => ({ id: p.id, title: p.title || p.id, content: p.context.trim() }));
  const all = paragraphs.flatMap((p) => p.qas.map((qa) => ({ q: qa.question.trim(), expected: [p.id] })));
  // The trial split has a question with no text; a visitor cannot send that.
  const queries = all.filter((q) => q.q !== "");
  if (queries.length < all.length) console.log(`${file}: dropped ${all.length - queries.length} empty question(s)`);
  write("cmrc2018", name, { language: "zh", kb, queries });
}

clinc150();
banking77();
copyLicence("cmrc2018", "LICENCE");
cmrc2018("cmrc2018_dev.json", "cmrc2018-dev.json");
cmrc2018("cmrc2018_trial.json", "cmrc2018-trial.json");
