"use client";
import { TextField } from "@kefu/ui";
import { useI18n } from "~/lib/i18n";
import { fieldError } from "~/lib/trpc";

/** The email and new-password fields of the forms that create a login (sign-up, accepting an invite). */
export function NewCredentialFields({ error, defaultEmail }: { error: unknown; defaultEmail?: string }) {
  const { t } = useI18n();
  return (
    <>
      <TextField label={t("auth.email")} name="email" type="email" autoComplete="email" required defaultValue={defaultEmail} error={fieldError(error, "email")} />
      <NewPasswordField error={error} />
    </>
  );
}

/**
 * The new-password field, with the password rules as its hint: in NewCredentialFields, and alone
 * where a password is reset. `minLength`/`maxLength` bound what can be typed where a form sets them.
 */
export function NewPasswordField({ error, minLength, maxLength }: { error: unknown; minLength?: number; maxLength?: number }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t("auth.password")}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={minLength}
      maxLength={maxLength}
      hint={t("auth.passwordHint")}
      error={fieldError(error, "password")}
    />
  );
}
