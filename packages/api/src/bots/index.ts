export { botAnswerStream, type AnswerLog } from "./answer-chain.ts";
export { knowledgeBaseOfSource, thresholdsFor, type ThresholdContext } from "./answer-thresholds.ts";
export { BOT_ANSWERING_FIELDS, botAnsweringFrom, redactionFor, type BotAnsweringRow } from "./bot-model.ts";
export { writeDefaultRules } from "./default-rules.ts";
export { getBot, knowledgeBaseIdsForBot, touchBots } from "./bots.ts";
export { BUILTIN_EMBEDDING_KEY, embeddingKeyOf, parseEmbeddingKey, wantedEmbeddingModel, type RemoteEmbeddingModel } from "./embedding-models.ts";
export { providerRouter } from "./provider-router.ts";
export { providerEndpoint } from "./providers.ts";
export { botRouter } from "./router.ts";
