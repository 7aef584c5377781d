// @kefu/ai — LangChain.js wrappers of the offline answer provider.
export {
  answerFromKnowledge,
  DONT_KNOW_TEXT,
  RANKING_SIZE,
  streamAnswer,
  streamPieces,
  type AnswerFromKnowledgeInput,
  type AnswerLanguage,
  type AnswerStreamEvent,
  type Citation,
  type KnowledgeAnswer,
  type RankedSource,
} from "./answer";
export {
  ExtractiveChatModel,
  questionOf,
  type ExtractiveChatModelCallOptions,
  type ExtractiveChatModelParams,
} from "./chat-model";
export { HashedNgramEmbeddings } from "./embeddings";
