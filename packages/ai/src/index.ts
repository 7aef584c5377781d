// @kefu/ai — LangChain.js: the offline answer provider, remote providers, and the answer chains.
export {
  answerFromKnowledge,
  answerFromSource,
  citationFor,
  DONT_KNOW_TEXT,
  NOT_SURE_TEXT,
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
export {
  citedPassages,
  groundedSystemPrompt,
  groundedUserPrompt,
  PROVIDER_FALLBACK_NOTICE,
  streamGroundedAnswer,
  type GroundedAnswerInput,
} from "./grounded-answer";
export {
  createChatModel,
  createEmbeddings,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  listProviderModels,
  ProviderError,
  toProviderError,
  type ProviderEndpoint,
  type ProviderFailure,
  type ProviderKind,
  type ProviderModelConfig,
} from "./providers";
export { generateHandoffSummary, type GeneratedHandoffSummary } from "./handoff-summary";
export { generatePhrasings, type PhrasingRequestEntry } from "./phrasings";
export { rewriteQuestion, type QuestionRewriteResult, type RewriteTurn } from "./question-rewrite";
