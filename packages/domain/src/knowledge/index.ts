export {
  chunkMarkdown,
  faqChunks,
  splitSentences,
  type ChunkMarkdownOptions,
  type FaqChunk,
  type FaqEntryInput,
  type KnowledgeChunk,
} from "./chunk";
export { checkImportUrl, isPublicAddress, WEB_PORTS, type UrlCheck } from "./url-policy";
export { htmlToMarkdown } from "./html";
export { faqEntriesFromCsv, faqRowsFromCsv, parseCsv, type FaqCsvResult, type FaqCsvRow } from "./csv";
export {
  faqEntriesFromTable,
  faqRowsFromTable,
  MAX_FAQ_CATEGORY_LENGTH,
  MAX_FAQ_IMPORT_ROWS,
  type FaqImportEntry,
  type FaqTableResult,
  type FaqTableRow,
} from "./faq-table";
export { diffDocuments, diffPassages, passageKeys, type PassageChange } from "./passage-diff";
export { highlightSnippet, type Snippet } from "./snippet";
