// The evaluation dataset format (issue #3), shared by the harness and the converter.
import { readFileSync } from "node:fs";
import { ZDocumentInput, ZFaqInput, ZSendMessageRequest } from "@kefu/domain";
import { Converter } from "opencc-js/cn2t";
import { z } from "zod";

const ZEntryId = z.string().min(1);

export const ZFaqEntry = z.object({
  id: ZEntryId,
  question: z.string(),
  alternatives: z.array(z.string()).default([]),
  answer: z.string(),
});

export const ZDocumentEntry = z.object({
  id: ZEntryId,
  title: z.string(),
  content: z.string(),
});

export const ZEvalDataset = z
  .object({
    language: z.enum(["en", "zh"]),
    kb: z.array(z.union([ZFaqEntry, ZDocumentEntry])).min(1),
    queries: z.array(z.object({ q: z.string(), expected: z.array(ZEntryId) })).min(1),
  })
  .superRefine((dataset, ctx) => {
    const ids = new Set<string>();
    dataset.kb.forEach((entry, i) => {
      if (ids.has(entry.id)) ctx.addIssue({ code: "custom", path: ["kb", i, "id"], message: `duplicate id ${entry.id}` });
      ids.add(entry.id);
    });
    // The product's own limits, checked before anything is loaded (phrasings, answers, documents, messages).
    dataset.kb.forEach((entry, i) => {
      const checked = (isFaq(entry) ? ZFaqInput : ZDocumentInput).safeParse(entry);
      for (const issue of checked.error?.issues ?? []) {
        ctx.addIssue({ code: "custom", path: ["kb", i, ...issue.path.map(String)], message: `${entry.id}: ${issue.message}` });
      }
    });
    dataset.queries.forEach((query, i) => {
      const text = ZSendMessageRequest.shape.text.safeParse(query.q);
      if (!text.success) ctx.addIssue({ code: "custom", path: ["queries", i, "q"], message: text.error.issues[0]?.message ?? "invalid" });
      for (const id of query.expected) {
        if (!ids.has(id)) ctx.addIssue({ code: "custom", path: ["queries", i, "expected"], message: `unknown kb id ${id}` });
      }
    });
  });

export type EvalDataset = z.infer<typeof ZEvalDataset>;
export type FaqEntry = z.infer<typeof ZFaqEntry>;
export type DocumentEntry = z.infer<typeof ZDocumentEntry>;
export type KbEntry = EvalDataset["kb"][number];

export function isFaq(entry: KbEntry): entry is FaqEntry {
  return "question" in entry;
}

export function readDataset(file: string): EvalDataset {
  const parsed = ZEvalDataset.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`${file} is not an evaluation dataset:\n${issues.join("\n")}`);
  }
  return parsed.data;
}

/**
 * The dataset as most tenants write an FAQ: one phrasing per entry. Every alternative phrasing is
 * dropped from the knowledge; the queries stay as they are (`--single-phrasing`).
 */
export function singlePhrasing(dataset: EvalDataset): EvalDataset {
  return { ...dataset, kb: dataset.kb.map((entry) => (isFaq(entry) ? { ...entry, alternatives: [] } : entry)) };
}

export const SCRIPT_SIDES = ["questions", "knowledge"] as const;
export type ScriptSide = (typeof SCRIPT_SIDES)[number];

/**
 * The dataset with one side written in Traditional Chinese (Taiwan, phrases included, by OpenCC),
 * the other left as it is: visitors and knowledge in different scripts (`--traditional`).
 */
export function inTraditional(dataset: EvalDataset, side: ScriptSide): EvalDataset {
  const convert = Converter({ from: "cn", to: "twp" });
  if (side === "questions") return { ...dataset, queries: dataset.queries.map((q) => ({ ...q, q: convert(q.q) })) };
  const kb = dataset.kb.map((entry): KbEntry =>
    isFaq(entry)
      ? { ...entry, question: convert(entry.question), alternatives: entry.alternatives.map(convert), answer: convert(entry.answer) }
      : { ...entry, title: convert(entry.title), content: convert(entry.content) },
  );
  return { ...dataset, kb };
}

/** The dataset as the command line asks: `--single-phrasing`, `--traditional <side>`. */
export function variantOf(dataset: EvalDataset, options: { singlePhrasing: boolean; traditional?: string }): EvalDataset {
  const { traditional } = options;
  if (traditional !== undefined && !(SCRIPT_SIDES as readonly string[]).includes(traditional)) {
    throw new Error(`--traditional takes ${SCRIPT_SIDES.join(" or ")}, not "${traditional}".`);
  }
  const single = options.singlePhrasing ? singlePhrasing(dataset) : dataset;
  return traditional ? inTraditional(single, traditional as ScriptSide) : single;
}
