import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { MAX_FAQ_PHRASINGS, MAX_PHRASING_LENGTH } from "../schemas/knowledge";
import { toWellFormedText, ZText } from "../schemas/text";
import { parseCsvRecords } from "./csv";
import { intentError as err, type IntentRowError } from "./intent-errors";

export { INTENT_ERRORS_EN, type IntentErrorCode, type IntentRowError } from "./intent-errors";

/**
 * Intent sets exported from other bot platforms, imported as FAQ entries: one entry per intent
 * label, its training phrases as the entry's phrasings. Two formats:
 *   - CSV `utterance,label[,answer]`, many rows per label, the header optional (English or
 *     Chinese column names), UTF-8 with or without a BOM;
 *   - Rasa training data (`nlu.yml`, format 3.x): `nlu: - intent: … examples: | - …`, entity
 *     annotations such as `[Beijing](city)` reduced to their text; answers from the responses
 *     `utter_<intent>` of a `domain.yml` (or of the same file).
 * Every row is checked; the result lists each bad row with its line and reason, and the import
 * (packages/api knowledge/intents.ts) saves nothing unless there are none.
 */
export const MAX_INTENT_IMPORT_ROWS = 50_000;
export const MAX_INTENT_LABELS = 2_000;
export const MAX_INTENT_LABEL_LENGTH = 80;
/** Problems reported in full; past it the report gives their count. */
export const MAX_REPORTED_INTENT_ERRORS = 100;

/** One training phrase: its line in the file (1-based), text, label and the row's answer if any. */
export interface IntentRow {
  line: number;
  utterance: string;
  label: string;
  /** Which file, when an import has several (Rasa nlu.yml + domain.yml). */
  file?: string;
}

/** An answer found for a label (a third CSV column, or a Rasa response `utter_<label>`). */
export interface IntentAnswer {
  line: number;
  label: string;
  answer: string;
  file?: string;
}

export interface IntentFileRead {
  rows: IntentRow[];
  answers: IntentAnswer[];
  errors: IntentRowError[];
}

const COLUMNS = {
  utterance: ["utterance", "text", "example", "phrase", "sentence", "query", "question", "问法", "语句", "句子", "问题", "文本", "用户问法"],
  label: ["label", "intent", "intent_name", "category", "意图", "标签", "类别", "分类"],
  answer: ["answer", "response", "reply", "答案", "回答", "回复"],
} as const;

const columnOf = (names: string[], key: keyof typeof COLUMNS) => names.findIndex((n) => (COLUMNS[key] as readonly string[]).includes(n));

/** Whether a CSV file's first row names the utterance and label columns of an intent set. */
export function isIntentHeader(cells: readonly string[]): boolean {
  const names = cells.map((c) => c.trim().toLowerCase());
  return columnOf(names, "utterance") !== -1 && columnOf(names, "label") !== -1;
}

/** The training phrases of a CSV file `utterance,label[,answer]` (header optional). */
export function readIntentCsv(text: string): IntentFileRead {
  const records = parseCsvRecords(text);
  const errors: IntentRowError[] = [];
  if (records.length === 0) return { rows: [], answers: [], errors: [err(0, "file_empty")] };
  const names = records[0]!.cells.map((cell) => cell.trim().toLowerCase());
  const header = { utterance: columnOf(names, "utterance"), label: columnOf(names, "label"), answer: columnOf(names, "answer") };
  const hasHeader = header.utterance !== -1 && header.label !== -1;
  const columns = hasHeader ? header : { utterance: 0, label: 1, answer: 2 };
  const rows: IntentRow[] = [];
  const answers: IntentAnswer[] = [];
  // Without a header the columns are positional and the first row sets how many there are (2, or
  // 3 with answers): a row with more is a phrasing cut at an unquoted comma, not a silent answer.
  const width = hasHeader ? Infinity : Math.min(3, Math.max(2, records[0]!.cells.length));
  for (const { line, cells } of hasHeader ? records.slice(1) : records) {
    if (cells.slice(width).some((cell) => cell.trim() !== "")) {
      const count = cells.length - [...cells].reverse().findIndex((cell) => cell.trim() !== "");
      errors.push(err(line, "columns", { count, width }));
      continue;
    }
    const cell = (i: number) => (i === -1 ? "" : toWellFormedText(cells[i] ?? "").trim());
    const row = { line, utterance: cell(columns.utterance), label: cell(columns.label) };
    const answer = cell(columns.answer);
    rows.push(row);
    if (answer) answers.push({ line, label: row.label, answer });
  }
  if (rows.length === 0) errors.push(err(0, "no_rows"));
  return { rows, answers, errors };
}

/** `[Beijing](city)`, `[Beijing]{"entity": "city"}` → `Beijing`: Rasa's entity annotations. */
export function stripRasaEntities(example: string): string {
  return example.replace(/\[([^\]\n]*)\](?:\([^)\n]*\)|\{[^}\n]*\})/g, "$1");
}

/**
 * The training phrases (`nlu:`) and answers (`responses:` `utter_<intent>`) of one Rasa YAML
 * file: nlu.yml, domain.yml, or one file with both. Other training data (synonyms, regexes,
 * lookup tables, stories) is ignored.
 */
export function readRasaYaml(text: string, file?: string): IntentFileRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(toWellFormedText(text.replace(/^\uFEFF/, "")), { lineCounter, uniqueKeys: false });
  const at = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 0);
  const fail = (error: IntentRowError): IntentFileRead => ({ rows: [], answers: [], errors: [error] });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    return fail(err(first.linePos?.[0].line ?? 0, "yaml_invalid", { detail: first.message.split("\n")[0] ?? "" }, file));
  }
  if (!isMap(doc.contents)) return fail(err(0, "not_rasa_top", {}, file));
  const nlu = doc.contents.get("nlu", true) as Node | undefined;
  const responses = doc.contents.get("responses", true) as Node | undefined;
  if (nlu === undefined && responses === undefined) return fail(err(0, "not_rasa", {}, file));
  const rows: IntentRow[] = [];
  const answers: IntentAnswer[] = [];
  const errors: IntentRowError[] = [];
  if (nlu !== undefined && !isSeq(nlu)) errors.push(err(at(nlu), "nlu_not_list", {}, file));
  for (const item of isSeq(nlu) ? nlu.items : []) {
    if (!isMap(item) || !item.has("intent")) continue; // synonym, regex, lookup…
    const label = String(item.get("intent") ?? "").trim();
    const examples = item.get("examples", true) as Node | undefined;
    if (isScalar(examples) && typeof examples.value === "string") {
      // A block of "- example" lines: the first is on the line after "examples: |".
      const first = at(examples) + (examples.type === "BLOCK_LITERAL" || examples.type === "BLOCK_FOLDED" ? 1 : 0);
      examples.value.split("\n").forEach((raw, i) => {
        const text = raw.trim();
        if (!text) return;
        const line = first + i;
        if (!text.startsWith("-")) errors.push(err(line, "example_line", {}, file));
        else rows.push({ line, utterance: stripRasaEntities(text.slice(1).trim()), label });
      });
    } else if (isSeq(examples)) {
      // The format with metadata: "- text: …" items.
      for (const example of examples.items) {
        const value = isMap(example) ? example.get("text") : isScalar(example) ? example.value : undefined;
        rows.push({ line: at(example as Node), utterance: stripRasaEntities(String(value ?? "").trim()), label });
      }
    } else {
      errors.push(err(at(item), "no_examples", { label }, file));
    }
  }
  if (responses !== undefined && isMap(responses)) {
    for (const pair of responses.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!name.startsWith("utter_") || !isSeq(pair.value)) continue;
      // A response's variants are alternatives for one answer: the first with text is kept.
      const variant = pair.value.items.find((v) => isMap(v) && typeof v.get("text") === "string");
      if (isMap(variant)) answers.push({ line: at(variant), label: name.slice("utter_".length), answer: String(variant.get("text")).trim(), file });
    }
  }
  return { rows: rows.map((row) => ({ ...row, ...(file ? { file } : {}) })), answers, errors };
}

const ZIntentRow = z.object({
  utterance: ZText.trim()
    .min(1, "The phrasing is empty")
    .max(MAX_PHRASING_LENGTH, `A phrasing must be at most ${MAX_PHRASING_LENGTH} characters`),
  label: ZText.trim()
    .min(1, "The label is empty")
    .max(MAX_INTENT_LABEL_LENGTH, `A label must be at most ${MAX_INTENT_LABEL_LENGTH} characters`)
    .regex(/^[^\n\r\t]*$/, "A label must be on one line"),
});
const ZIntentAnswer = ZText.trim().min(1).max(5000);

const n = (value: number) => value.toLocaleString("en");

/** A row's first zod issue as a coded error (the dashboard words it in its own language). */
function rowIssue(line: number, issue: z.core.$ZodIssue | undefined, file?: string): IntentRowError {
  const field = issue?.path[0] === "label" ? "label" : "phrasing";
  if (issue?.code === "too_small") return err(line, `${field}_empty`, {}, file);
  if (issue?.code === "too_big") return err(line, `${field}_too_long`, { max: field === "label" ? MAX_INTENT_LABEL_LENGTH : MAX_PHRASING_LENGTH }, file);
  if (field === "label" && issue?.code === "invalid_format") return err(line, "label_multiline", {}, file);
  return err(line, "invalid", { detail: issue?.message ?? "invalid" }, file);
}

/** An intent of the file: its label, unique phrasings in file order and its answer, if any. */
export interface ImportIntent {
  label: string;
  /** Line of its first phrasing. */
  line: number;
  phrasings: string[];
  /** Phrasings dropped as repeats of another of the same label (case and width ignored). */
  duplicates: number;
  answer: string | null;
}

export interface IntentSet {
  intents: ImportIntent[];
  errors: IntentRowError[];
  /** Training phrases read (rows), repeats included. */
  rows: number;
}

/** The key under which two phrasings count as one (as faqChunks, chunk.ts). */
export const phrasingKey = (text: string) => text.normalize("NFKC").toLowerCase();

/**
 * Groups the rows of one or more read files by label into intents, checking every row (zod) and
 * the limits: rows per file set, labels, phrasings per label, one answer per label.
 */
export function intentSetFromFiles(files: readonly IntentFileRead[]): IntentSet {
  const errors = files.flatMap((f) => f.errors);
  const rows = files.flatMap((f) => f.rows);
  if (rows.length > MAX_INTENT_IMPORT_ROWS) {
    return { intents: [], rows: rows.length, errors: [...errors, err(0, "too_many_rows", { max: n(MAX_INTENT_IMPORT_ROWS), count: n(rows.length) })] };
  }
  const intents = new Map<string, ImportIntent & { keys: Set<string> }>();
  for (const row of rows) {
    const parsed = ZIntentRow.safeParse(row);
    if (!parsed.success) {
      errors.push(rowIssue(row.line, parsed.error.issues[0], row.file));
      continue;
    }
    const { utterance, label } = parsed.data;
    let intent = intents.get(label);
    if (!intent) {
      if (intents.size === MAX_INTENT_LABELS) {
        errors.push(err(row.line, "too_many_labels", { max: n(MAX_INTENT_LABELS) }, row.file));
        continue;
      }
      intent = { label, line: row.line, phrasings: [], duplicates: 0, answer: null, keys: new Set() };
      intents.set(label, intent);
    }
    const key = phrasingKey(utterance);
    if (intent.keys.has(key)) intent.duplicates++;
    else if (intent.phrasings.length === MAX_FAQ_PHRASINGS) {
      if (intent.keys.size === MAX_FAQ_PHRASINGS) errors.push(err(row.line, "label_too_many_phrasings", { label, max: n(MAX_FAQ_PHRASINGS) }, row.file));
      intent.keys.add(key); // reported once
    } else {
      intent.keys.add(key);
      intent.phrasings.push(utterance);
    }
  }
  const answerLine = new Map<string, number>();
  for (const a of files.flatMap((f) => f.answers)) {
    const intent = intents.get(a.label.trim());
    if (!intent) continue; // a response of no imported intent (greetings, fallbacks…)
    const answer = ZIntentAnswer.safeParse(a.answer);
    if (!answer.success) errors.push(err(a.line, "answer_too_long", {}, a.file));
    else if (intent.answer === null) {
      intent.answer = answer.data;
      answerLine.set(intent.label, a.line);
    } else if (intent.answer !== answer.data) {
      errors.push(err(a.line, "answer_conflict", { label: intent.label, line: answerLine.get(intent.label) ?? 0 }, a.file));
    }
  }
  const list = [...intents.values()].map(({ keys: _keys, ...intent }) => intent);
  if (list.length === 0 && errors.length === 0) errors.push(err(0, "no_phrases"));
  errors.sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || a.line - b.line);
  return { intents: list, errors, rows: rows.length };
}

/** An FAQ entry made by an earlier import, found by its intent label. */
export interface ExistingIntentEntry {
  id: string;
  intent: string;
  question: string | null;
  alternatives: readonly string[];
  answer: string | null;
}

export interface IntentImportPlanItem {
  label: string;
  /** The entry phrasings are added to; null: a new entry. */
  existingId: string | null;
  /** Phrasings new to the entry, in file order. */
  added: string[];
  /** The file's phrasings the entry already had (or repeated in the file). */
  known: number;
  /** Phrasings the entry will have. */
  total: number;
  /** The answer from the file, used for a new entry or one still without an answer. */
  answer: string | null;
  /** "file": answered from the file; "kept": the entry's own answer stays; "needed": none yet. */
  answerSource: "file" | "kept" | "needed";
}

/**
 * What an import does to the knowledge base: for each intent, a new entry or phrasings added to
 * the entry of the same label (repeats dropped). An answer already written is never replaced.
 * Errors: entries that would pass MAX_FAQ_PHRASINGS.
 */
export function planIntentImport(
  intents: readonly ImportIntent[],
  existing: readonly ExistingIntentEntry[],
): { items: IntentImportPlanItem[]; errors: IntentRowError[] } {
  const byLabel = new Map(existing.map((e) => [e.intent, e]));
  const items: IntentImportPlanItem[] = [];
  const errors: IntentRowError[] = [];
  for (const intent of intents) {
    const entry = byLabel.get(intent.label);
    const have = new Set(entry ? [entry.question ?? "", ...entry.alternatives].filter(Boolean).map(phrasingKey) : []);
    const added = intent.phrasings.filter((p) => !have.has(phrasingKey(p)));
    const total = have.size + added.length;
    if (total > MAX_FAQ_PHRASINGS) {
      errors.push(err(intent.line, "entry_too_many_phrasings", { label: intent.label, total: n(total), max: n(MAX_FAQ_PHRASINGS) }));
      continue;
    }
    const kept = entry?.answer != null && entry.answer !== "";
    items.push({
      label: intent.label,
      existingId: entry?.id ?? null,
      added,
      known: intent.phrasings.length - added.length + intent.duplicates,
      total,
      answer: kept ? null : intent.answer,
      answerSource: kept ? "kept" : intent.answer !== null ? "file" : "needed",
    });
  }
  return { items, errors };
}
