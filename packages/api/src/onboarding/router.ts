import { ZOnboardingResponse } from "@kefu/domain";
import { z } from "zod";
import { router, tenantProcedure } from "../platform/trpc.ts";
import { dismissOnboarding, noteSnippetCopied, onboardingStatus } from "./onboarding.ts";

const ZDone = z.object({ ok: z.literal(true) });

// Every member has their own checklist; what it reads is the workspace's, so any role may see it.
export const onboardingRouter = router({
  status: tenantProcedure.output(ZOnboardingResponse).query(({ ctx }) => onboardingStatus(ctx.db, ctx.tenantId, ctx.userId)),
  dismiss: tenantProcedure.output(ZDone).mutation(async ({ ctx }) => {
    await dismissOnboarding(ctx.db, ctx.tenantId, ctx.userId);
    return { ok: true as const };
  }),
  snippetCopied: tenantProcedure.output(ZDone).mutation(async ({ ctx }) => {
    await noteSnippetCopied(ctx.db, ctx.tenantId);
    return { ok: true as const };
  }),
});
