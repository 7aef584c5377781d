import { fillTemplate } from "@kefu/domain";
import { type MessageKey } from "@kefu/ui/i18n";
import { TRPCClientError } from "@trpc/client";

type Translate = (key: MessageKey) => string;

/** "Too many attempts, try again in N minutes" (or seconds, under two minutes). */
export function tooManyAttemptsText(t: Translate, seconds: number): string {
  return seconds < 120
    ? fillTemplate(t("auth.login.tooManySeconds"), { seconds: Math.max(1, Math.ceil(seconds)) })
    : fillTemplate(t("auth.login.tooManyMinutes"), { minutes: Math.ceil(seconds / 60) });
}

/** The rate-limit refusal (429 TOO_MANY_REQUESTS) of a tRPC call, worded in the UI's language; null for other errors. */
export function rateLimitedText(error: unknown, t: Translate): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { code?: string; retryAfter?: number } | undefined;
  return data?.code === "TOO_MANY_REQUESTS" ? tooManyAttemptsText(t, data.retryAfter ?? 60) : null;
}

/** next-auth's sign-in error for a refused attempt (`rate_limited:<seconds>`, set by the sign-in route): the seconds, else null. */
export function signInRetryAfter(error: string | null | undefined): number | null {
  const match = /^rate_limited:(\d+)$/.exec(error ?? "");
  return match ? Number(match[1]) : null;
}
