import { z } from "zod";
import { ZText } from "./text";
import { ZId } from "./bot";

// AI providers of a tenant (OpenAI-compatible endpoints and Ollama) and a bot's model choice.
export const PROVIDER_KINDS = ["OPENAI_COMPATIBLE", "OLLAMA"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const ZProviderBaseUrl = ZText
  .trim()
  .min(1, "Base URL is required.")
  .max(500, "Base URL must be at most 500 characters.")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "Base URL must be an http:// or https:// address, e.g. https://api.openai.com/v1.")
  // One spelling per endpoint: no trailing slash.
  .transform((value) => value.replace(/\/+$/, ""));

const ZProviderName = ZText.trim().min(1, "Name is required.").max(80, "Name must be at most 80 characters.");
// Write-only: blank means "no key" on create and "keep the stored key" on update.
const ZApiKey = ZText
  .trim()
  .max(500, "The API key must be at most 500 characters.")
  .optional()
  .transform((value) => (value ? value : undefined));

export const ZCreateProviderRequest = z.object({
  name: ZProviderName,
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: ZProviderBaseUrl,
  apiKey: ZApiKey,
});
export type CreateProviderRequest = z.infer<typeof ZCreateProviderRequest>;

export const ZUpdateProviderRequest = ZCreateProviderRequest.extend({
  id: ZId,
  /** Remove the stored key (a key-less endpoint). Ignored when a new key is given. */
  clearApiKey: z.boolean().default(false),
});
export type UpdateProviderRequest = z.infer<typeof ZUpdateProviderRequest>;

export const ZProviderIdRequest = z.object({ id: ZId });

const ZModelName = ZText.trim().min(1, "Choose a model.").max(200, "Model names are at most 200 characters.");

/** The target precisions a bot may aim for (Bot.targetPrecision): below half, answers are mostly wrong; 1 is never reached. */
export const MIN_TARGET_PRECISION = 0.5;
export const MAX_TARGET_PRECISION = 0.99;

/** A bot's models: a null provider means the built-in offline one (no model name then). */
export const ZUpdateBotModelRequest = z
  .object({
    id: ZId,
    chatProviderId: ZId.nullable(),
    chatModel: ZModelName.nullable(),
    embeddingProviderId: ZId.nullable(),
    embeddingModel: ZModelName.nullable(),
    answerThreshold: z.number().min(0, "The threshold is between 0 and 1.").max(1, "The threshold is between 0 and 1."),
    /** Answer precision aimed for (thresholds from the knowledge's calibration); unchanged when absent. */
    targetPrecision: z.number().min(MIN_TARGET_PRECISION, "Choose a precision between 0.5 and 0.99.").max(MAX_TARGET_PRECISION, "Choose a precision between 0.5 and 0.99.").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.chatProviderId && !value.chatModel) ctx.addIssue({ code: "custom", path: ["chatModel"], message: "Choose a chat model." });
    if (value.embeddingProviderId && !value.embeddingModel) {
      ctx.addIssue({ code: "custom", path: ["embeddingModel"], message: "Choose an embedding model." });
    }
  })
  .transform((value) => ({
    ...value,
    chatModel: value.chatProviderId ? value.chatModel : null,
    embeddingModel: value.embeddingProviderId ? value.embeddingModel : null,
  }));
export type UpdateBotModelRequest = z.infer<typeof ZUpdateBotModelRequest>;
