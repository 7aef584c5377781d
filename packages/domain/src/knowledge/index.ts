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
export { faqRowsFromCsv, parseCsv, type FaqCsvResult, type FaqCsvRow } from "./csv";
