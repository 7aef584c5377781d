import { type CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
} from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import { HybridRetriever, type AnswerThresholds, type RetrievalDoc } from "@kefu/domain";
import { answerFromKnowledge, streamPieces, type AnswerLanguage, type KnowledgeAnswer } from "./answer";

/**
 * Call options of the extractive model. Convention: the question is the text of the last human
 * message; the passages to answer from are `passages` (e.g. chunks found by a retriever), or,
 * when omitted, the knowledge the model was constructed with.
 */
export interface ExtractiveChatModelCallOptions extends BaseChatModelCallOptions {
  passages?: RetrievalDoc[];
  language?: AnswerLanguage;
  thresholds?: AnswerThresholds;
}

export interface ExtractiveChatModelParams extends BaseChatModelParams {
  /** Default knowledge: chunks or a retriever over them. */
  knowledge?: readonly RetrievalDoc[] | HybridRetriever;
  thresholds?: AnswerThresholds;
}

function messageText(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content
    .map((part) => (typeof part === "string" ? part : part.type === "text" && "text" in part ? String(part.text) : ""))
    .join("");
}

/** The question = text of the last human message (or of the last message if none is human). */
export function questionOf(messages: readonly BaseMessage[]): string {
  const human = [...messages].reverse().find((m) => m.getType() === "human") ?? messages[messages.length - 1];
  return human ? messageText(human) : "";
}

/**
 * Offline chat model: answers by quoting the best-matching knowledge (FAQ answer or passage) with
 * a citation, or says it does not know. No network, no weights. The answer's metadata
 * (`answered`, `citations`, `confidence`) is in the message's `response_metadata`.
 */
export class ExtractiveChatModel extends BaseChatModel<ExtractiveChatModelCallOptions> {
  private readonly knowledge: HybridRetriever | undefined;
  private readonly thresholds: AnswerThresholds | undefined;

  static lc_name(): string {
    return "ExtractiveChatModel";
  }

  constructor(params: ExtractiveChatModelParams = {}) {
    super(params);
    const k = params.knowledge;
    this.knowledge = k === undefined || k instanceof HybridRetriever ? k : new HybridRetriever(k);
    this.thresholds = params.thresholds;
  }

  _llmType(): string {
    return "kefu-extractive";
  }

  private answer(messages: BaseMessage[], options: this["ParsedCallOptions"]): KnowledgeAnswer {
    const docs = options.passages ?? this.knowledge ?? [];
    return answerFromKnowledge({
      question: questionOf(messages),
      docs,
      language: options.language,
      thresholds: options.thresholds ?? this.thresholds,
    });
  }

  async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const answer = this.answer(messages, options);
    const metadata = { answered: answer.answered, citations: answer.citations, confidence: answer.confidence };
    for (const piece of streamPieces(answer.text)) await runManager?.handleLLMNewToken(piece);
    return {
      generations: [{ text: answer.text, message: new AIMessage({ content: answer.text, response_metadata: metadata }) }],
      llmOutput: metadata,
    };
  }

  async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const answer = this.answer(messages, options);
    const pieces = streamPieces(answer.text);
    for (const [i, piece] of pieces.entries()) {
      if (options.signal?.aborted) throw new Error("aborted");
      const last = i === pieces.length - 1;
      const response_metadata = last
        ? { answered: answer.answered, citations: answer.citations, confidence: answer.confidence }
        : {};
      yield new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece, response_metadata }) });
      await runManager?.handleLLMNewToken(piece);
    }
  }
}
