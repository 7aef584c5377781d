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
