import { z } from "zod";

/** The onboarding checklist's steps, in the order a new workspace does them. */
export const ONBOARDING_STEPS = ["bot", "knowledge", "tried", "snippet", "invited"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/**
 * Where a member stands with the first steps, each read from the workspace's data: a bot made, knowledge
 * added, a conversation with a bot, the embed snippet copied, a colleague invited or joined.
 */
export const ZOnboardingResponse = z.object({
  dismissed: z.boolean(),
  /** The bot the links lead to (the first made), null before there is one. */
  botId: z.string().nullable(),
  steps: z.object({ bot: z.boolean(), knowledge: z.boolean(), tried: z.boolean(), snippet: z.boolean(), invited: z.boolean() }),
});
export type OnboardingStatus = z.infer<typeof ZOnboardingResponse>;

/** A seed of the demo running in the workspace: its phase, and sample conversations played of all. */
export const ZDemoSeedProgress = z.object({
  phase: z.enum(["bots", "indexing", "conversations", "analytics"]),
  done: z.number().int(),
  total: z.number().int(),
});

/** "Explore with demo data": how many of the workspace's bots the demo made, and a seed under way. */
export const ZWorkspaceDemoStatus = z.object({
  demoBots: z.number().int(),
  seeding: ZDemoSeedProgress.nullable(),
});
export type WorkspaceDemoStatus = z.infer<typeof ZWorkspaceDemoStatus>;

export const ZSeedDemoResponse = z.object({ bots: z.number().int(), conversations: z.number().int() });
export const ZRemoveDemoResponse = z.object({ removed: z.number().int() });
