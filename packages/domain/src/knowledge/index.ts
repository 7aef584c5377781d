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
export { faqEntriesFromCsv, faqRowsFromCsv, parseCsv, parseCsvRecords, type CsvRecord, type FaqCsvResult, type FaqCsvRow } from "./csv";
export { INTENT_ERRORS_EN, type IntentErrorCode } from "./intent-errors";
export {
  intentSetFromFiles,
  isIntentHeader,
  MAX_INTENT_IMPORT_ROWS,
  MAX_INTENT_LABEL_LENGTH,
  MAX_INTENT_LABELS,
  MAX_REPORTED_INTENT_ERRORS,
  phrasingKey,
  planIntentImport,
  readIntentCsv,
  readRasaYaml,
  stripRasaEntities,
  type ExistingIntentEntry,
  type ImportIntent,
  type IntentAnswer,
  type IntentFileRead,
  type IntentImportPlanItem,
  type IntentRow,
  type IntentRowError,
  type IntentSet,
} from "./intents";
export {
  faqEntriesFromTable,
  faqRowsFromTable,
  isFaqHeader,
  MAX_FAQ_CATEGORY_LENGTH,
  MAX_FAQ_IMPORT_PHRASINGS,
  MAX_FAQ_IMPORT_ROWS,
  type FaqImportEntry,
  type FaqTableResult,
  type FaqTableRow,
} from "./faq-table";
export { uploadRoute, csvUploadKind, type UploadRoute, type CsvUploadKind } from "./upload-route";
export { diffDocuments, diffPassages, passageKeys, type PassageChange } from "./passage-diff";
export { highlightSnippet, type Snippet } from "./snippet";
export {
  cleanGeneratedPhrasings,
  GENERATED_PHRASINGS_PER_ENTRY,
  isChineseText,
  keptGeneratedPhrasings,
  MAX_GENERATED_PHRASING_CHARS,
} from "./generated-phrasings";
