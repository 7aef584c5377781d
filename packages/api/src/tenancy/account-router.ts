import { AUDIT_EVENTS, ZUpdateProfileRequest, ZUploadAvatarRequest, ZWorkspaceRequest, ZConfirmSignUpRequest, ZPasswordResetRequest, ZResetPasswordRequest, ZSignUpRequest, ZSignUpResponse } from "@kefu/domain";
import { z } from "zod";
import { confirmSignUp, requestPasswordReset, requestSignUp, resetPassword } from "./account-links.ts";
import { getWorkspace } from "./accounts.ts";
import { auditAccountEvent } from "./sign-in-audit.ts";
import { authedProcedure, publicProcedure, router, tenantProcedure } from "../platform/trpc.ts";
import { getProfile, leaveWorkspace, listWorkspaces, updateProfile, uploadAvatar } from "./workspaces.ts";

// Sign-up, reset and confirmation are rate-limited per IP before they run (tenancy/throttle.ts).
export const accountRouter = router({
  signUp: publicProcedure
    .input(ZSignUpRequest)
    .output(ZSignUpResponse)
    .mutation(async ({ ctx, input }) => {
      const { outcome } = await requestSignUp(ctx.db, input);
      // A workspace made at once (no SMTP server) is in its audit log from its first moment.
      if (outcome.status === "created") await auditAccountEvent(ctx.db, { email: outcome.email, action: AUDIT_EVENTS.signUp, ok: true, client: ctx.client }, ctx.log);
      return outcome;
    }),
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
    .mutation(async ({ ctx, input }) => {
      const reset = await resetPassword(ctx.db, input);
      await auditAccountEvent(ctx.db, { email: reset.email, action: AUDIT_EVENTS.passwordReset, ok: true, client: ctx.client }, ctx.log);
      return reset;
    }),
  confirmSignUp: publicProcedure
    .input(ZConfirmSignUpRequest)
    .output(z.object({ email: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const confirmed = await confirmSignUp(ctx.db, input);
      await auditAccountEvent(ctx.db, { email: confirmed.email, action: AUDIT_EVENTS.signUp, ok: true, client: ctx.client }, ctx.log);
      return confirmed;
    }),
  me: tenantProcedure.query(async ({ ctx }) => ({
    ...(await getWorkspace(ctx.db, ctx.userId, ctx.tenantId)),
    role: ctx.role,
  })),
  // The tenant switcher's list: the caller's own memberships (switching itself is the session's,
  // checked against the same memberships: apps/admin/src/lib/auth.ts).
  workspaces: authedProcedure.query(({ ctx }) => listWorkspaces(ctx.db, ctx.userId)),
  // Leaving the workspace one is in; its last owner cannot.
  leave: tenantProcedure.input(ZWorkspaceRequest).mutation(({ ctx, input }) => leaveWorkspace(ctx.db, ctx, input.tenantId)),
  profile: tenantProcedure.query(({ ctx }) => getProfile(ctx.db, ctx.userId)),
  updateProfile: tenantProcedure.input(ZUpdateProfileRequest).mutation(({ ctx, input }) => updateProfile(ctx.db, ctx.userId, input)),
  uploadAvatar: tenantProcedure.input(ZUploadAvatarRequest).mutation(({ ctx, input }) => uploadAvatar(ctx.db, ctx.userId, input.dataBase64)),
});
