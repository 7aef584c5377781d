import { z } from "zod";
import { ZId } from "./bot";
import { ZText } from "./text";

const ZModelName = ZText.trim().min(1, "Choose a model.").max(200, "Model names are at most 200 characters.");

/** The chat model that writes a knowledge base's generated phrasings; both null = none. */
export const ZSetPhrasingModelRequest = z
  .object({ id: ZId, providerId: ZId.nullable(), model: ZModelName.nullable() })
  .refine((v) => (v.providerId === null) === (v.model === null), { message: "Choose a chat model.", path: ["model"] });
export type SetPhrasingModelRequest = z.infer<typeof ZSetPhrasingModelRequest>;

/** One generated phrasing of an FAQ entry (accept or remove it). */
export const ZGeneratedPhrasingRequest = z.object({ id: ZId, phrasing: ZText.trim().min(1).max(500) });

/** A bot's question rewrite before retrieval (off by default). */
export const ZSetQuestionRewriteRequest = z.object({ id: ZId, enabled: z.boolean() });
