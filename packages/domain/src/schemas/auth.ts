import { z } from "zod";
import { ZText } from "./text";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email("Enter a valid email address."));

export const ZPassword = z
  .string()
  .min(8, "Password must be at least 8 characters.")
  .max(128, "Password must be at most 128 characters.");

export const ZSignUpRequest = z.object({
  companyName: ZText.trim().min(1, "Company name is required.").max(100, "Company name is too long."),
  name: ZText.trim().max(100, "Name is too long.").optional(),
  email: ZEmail,
  password: ZPassword,
});
export type SignUpRequest = z.infer<typeof ZSignUpRequest>;

export const ZSignInRequest = z.object({
  email: ZEmail,
  password: z.string().min(1, "Password is required.").max(128),
});

/** A token of a link sent by e-mail (password reset, sign-up confirmation): 32 random bytes, base64url. */
export const ZAccountLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");

export const ZPasswordResetRequest = z.object({ email: ZEmail });
export const ZResetPasswordRequest = z.object({ token: ZAccountLinkToken, password: ZPassword });
export const ZConfirmSignUpRequest = z.object({ token: ZAccountLinkToken });

/** A sign-up's answer: the workspace exists (sign in now), or "check your inbox" (see docs/security.md). */
export const ZSignUpResponse = z.discriminatedUnion("status", [
  z.object({ status: z.literal("created"), email: z.string() }),
  z.object({ status: z.literal("check_inbox") }),
]);
