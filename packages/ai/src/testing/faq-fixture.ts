import { faqChunks, type FaqEntryInput, type RetrievalDoc } from "@kefu/domain";

// FAQ knowledge the ai package's tests answer from; each test file adds entries of its own.

export const REFUND_FAQ = {
  id: "refund",
  question: "How do I get a refund?",
  alternatives: ["I want my money back"],
  answer: "Open Orders, choose the order and press Refund. The money returns within 3 to 5 working days.",
};

export const PASSWORD_FAQ = {
  id: "password",
  question: "How do I reset my password?",
  alternatives: ["I forgot my password"],
  answer: "Use 'Forgot password' on the sign-in page.",
};

/** Retrieval documents of FAQ entries: one per phrasing, id "<entry id>#<n>", the entry id as source. */
export function faqDocs(entries: readonly (FaqEntryInput & { id: string })[]): RetrievalDoc[] {
  return entries.flatMap((e) => faqChunks(e).map((c, i) => ({ id: `${e.id}#${i}`, sourceId: e.id, text: c.text, answer: c.answer })));
}
