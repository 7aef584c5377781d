export {
  chunkMarkdown,
  faqChunks,
  splitSentences,
  type ChunkMarkdownOptions,
  type FaqChunk,
  type FaqEntryInput,
  type KnowledgeChunk,
} from "./chunk";
