import { ZConfirmSignUpRequest, ZPasswordResetRequest, ZResetPasswordRequest, ZSignUpRequest, ZSignUpResponse } from "@kefu/domain";
import { z } from "zod";
import { confirmSignUp, requestPasswordReset, requestSignUp, resetPassword } from "./account-links.ts";
import { getWorkspace } from "./accounts.ts";
import { publicProcedure, router, tenantProcedure } from "../platform/trpc.ts";

// Sign-up, reset and confirmation are rate-limited per IP before they run (tenancy/throttle.ts).
export const accountRouter = router({
  signUp: publicProcedure
    .input(ZSignUpRequest)
    .output(ZSignUpResponse)
    .mutation(async ({ ctx, input }) => (await requestSignUp(ctx.db, input)).outcome),
  /** Always the same answer, whether or not an account has the address. */
  requestPasswordReset: publicProcedure
    .input(ZPasswordResetRequest)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx.db, input);
      return { ok: true as const };
    }),
  resetPassword: publicProcedure
    .input(ZResetPasswordRequest)
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input)),
  confirmSignUp: publicProcedure
    .input(ZConfirmSignUpRequest)
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => confirmSignUp(ctx.db, input)),
  me: tenantProcedure.query(async ({ ctx }) => ({
    ...(await getWorkspace(ctx.db, ctx.userId, ctx.tenantId)),
    role: ctx.role,
  })),
});
