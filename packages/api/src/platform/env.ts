import { z } from "zod";

// The api package's own environment (STYLE.md §6). Read on use, not at import, so builds
// need no secrets and tests can set them.
// A rate limit: "points/seconds", e.g. "10/10" for ten per ten seconds (platform/rate-limits.ts).
const ZRate = (fallback: string) =>
  z
    .string()
    .regex(/^\d+\/\d+$/, 'a rate limit is "points/seconds", e.g. "10/60"')
    .default(fallback)
    .transform((value) => {
      const [points, seconds] = value.split("/").map(Number) as [number, number];
      return { points: Math.max(1, points), seconds: Math.max(1, seconds) };
    });

const schema = z.object({
  // 32 bytes, base64 or hex: encrypts AI provider API keys at rest. Optional: without it the
  // key is derived from NEXTAUTH_SECRET (which `npm start` always provides).
  KEFU_SECRET_KEY: z.string().min(1).optional(),
  // Earlier values of KEFU_SECRET_KEY, comma-separated: they only decrypt, while the rotation job
  // (platform/secret-rotation.ts) re-encrypts what they made under the current key.
  KEFU_SECRET_KEY_PREVIOUS: z.string().optional(),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  // How long a remote AI model may take to start (and to continue) an answer before the bot
  // falls back to the extractive answer.
  KEFU_AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  // How long a bot's question rewrite before retrieval may take; past it the original question is
  // searched alone (knowledge/question-rewrite.ts).
  KEFU_REWRITE_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(1_500),
  // E-mail notifications (escalation rules): smtp://user:pass@host:587 or smtps://…:465. Unset or
  // malformed: e-mail notifications are recorded as failed with the reason (checked by the mailer,
  // not here, so a typo in mail settings cannot break everything else that reads this env).
  KEFU_SMTP_URL: z.string().optional(),
  KEFU_MAIL_FROM: z.string().optional(),
  // The admin dashboard's public address: links in notifications point into its inbox.
  NEXTAUTH_URL: z.string().optional(),
  // Admission control of answers, per chat process (platform/admission.ts): how many run at once,
  // how many may wait, and for how long before a 503 with Retry-After.
  KEFU_ANSWER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  KEFU_ANSWER_QUEUE: z.coerce.number().int().min(0).max(100_000).default(1_000),
  KEFU_ANSWER_WAIT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  // The lease of an answer's claim on a visitor message (chat/answering.ts): past it, a resend or
  // the unanswered-message sweep takes over a message whose answering process died.
  KEFU_ANSWER_CLAIM_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  // The largest tRPC request body the admin app accepts (platform/trpc-http.ts): its uploads are
  // base64 (a 10 MB PDF is about 14 MB). The chat app takes a much smaller limit of its own.
  KEFU_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(1_073_741_824).default(16 * 1024 * 1024),
  // Rate limits (platform/rate-limits.ts, docs/security.md "Rate limits and brute force"), each
  // "points/seconds". Counters live in the database, so every process shares them.
  KEFU_RATE_VISITOR_BURST: ZRate("10/10"),
  KEFU_RATE_VISITOR_SUSTAINED: ZRate("120/3600"),
  KEFU_RATE_VISITOR_FEEDBACK: ZRate("30/60"),
  KEFU_RATE_BOT_MESSAGES: ZRate("1200/60"),
  KEFU_RATE_TENANT_MESSAGES: ZRate("3000/60"),
  KEFU_RATE_CHAT_START_IP: ZRate("30/60"),
  // A visitor's pre-chat answers and agents' names (chat.submitPrechat, chat.agents), per visitor;
  // agents' pictures (the public picture route), per client IP.
  KEFU_RATE_VISITOR_REQUESTS: ZRate("30/60"),
  KEFU_RATE_AGENT_PICTURE_IP: ZRate("120/60"),
  KEFU_RATE_SIGNUP_IP: ZRate("10/3600"),
  KEFU_RATE_LOGIN_IP: ZRate("50/900"),
  KEFU_RATE_INVITE_IP: ZRate("20/3600"),
  KEFU_RATE_PASSWORD_RESET_IP: ZRate("10/3600"),
  // Sign-in attempts on one account without a success: past the first "points" within "seconds",
  // the account is locked for "seconds". Before that, from KEFU_LOGIN_BACKOFF_AFTER failures on,
  // each failure makes the next attempt wait 1, 2, 4, … up to 60 seconds.
  KEFU_LOGIN_LOCKOUT: ZRate("10/900"),
  KEFU_LOGIN_BACKOFF_AFTER: z.coerce.number().int().min(0).max(1_000).default(3),
  // How many reverse proxies in front of the apps append to X-Forwarded-For. 0: none, the client
  // address is the TCP peer's and X-Forwarded-For is ignored (a client could write anything there).
  KEFU_TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // Images in chats (attachments/): the largest one, visitor uploads per visitor, and where they
  // are stored: a local folder (by default <KEFU_DATA_DIR>/attachments), or an S3-compatible bucket
  // when KEFU_S3_BUCKET is set (then the endpoint and keys are required).
  KEFU_ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  KEFU_RATE_VISITOR_UPLOADS: ZRate("20/3600"),
  // Reads of one visitor's images (the image route and its links): a long history shows many at once.
  KEFU_RATE_VISITOR_IMAGE_READS: ZRate("300/300"),
  KEFU_DATA_DIR: z.string().min(1).default(".data"),
  KEFU_ATTACHMENTS_DIR: z.string().min(1).optional(),
  KEFU_S3_BUCKET: z.string().min(1).optional(),
  KEFU_S3_ENDPOINT: z.url().optional(),
  KEFU_S3_REGION: z.string().min(1).default("us-east-1"),
  KEFU_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  KEFU_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
});

export type ApiEnv = z.infer<typeof schema>;

export function readApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  return schema.parse({
    KEFU_SECRET_KEY: source.KEFU_SECRET_KEY || undefined,
    KEFU_SECRET_KEY_PREVIOUS: source.KEFU_SECRET_KEY_PREVIOUS || undefined,
    NEXTAUTH_SECRET: source.NEXTAUTH_SECRET || undefined,
    KEFU_AI_TIMEOUT_MS: source.KEFU_AI_TIMEOUT_MS || undefined,
    KEFU_REWRITE_TIMEOUT_MS: source.KEFU_REWRITE_TIMEOUT_MS || undefined,
    KEFU_SMTP_URL: source.KEFU_SMTP_URL || undefined,
    KEFU_MAIL_FROM: source.KEFU_MAIL_FROM || undefined,
    NEXTAUTH_URL: source.NEXTAUTH_URL || undefined,
    KEFU_ANSWER_CONCURRENCY: source.KEFU_ANSWER_CONCURRENCY || undefined,
    KEFU_ANSWER_QUEUE: source.KEFU_ANSWER_QUEUE || undefined,
    KEFU_ANSWER_WAIT_MS: source.KEFU_ANSWER_WAIT_MS || undefined,
    KEFU_ANSWER_CLAIM_MS: source.KEFU_ANSWER_CLAIM_MS || undefined,
    KEFU_MAX_BODY_BYTES: source.KEFU_MAX_BODY_BYTES || undefined,
    KEFU_RATE_VISITOR_BURST: source.KEFU_RATE_VISITOR_BURST || undefined,
    KEFU_RATE_VISITOR_SUSTAINED: source.KEFU_RATE_VISITOR_SUSTAINED || undefined,
    KEFU_RATE_VISITOR_FEEDBACK: source.KEFU_RATE_VISITOR_FEEDBACK || undefined,
    KEFU_RATE_BOT_MESSAGES: source.KEFU_RATE_BOT_MESSAGES || undefined,
    KEFU_RATE_TENANT_MESSAGES: source.KEFU_RATE_TENANT_MESSAGES || undefined,
    KEFU_RATE_CHAT_START_IP: source.KEFU_RATE_CHAT_START_IP || undefined,
    KEFU_RATE_VISITOR_REQUESTS: source.KEFU_RATE_VISITOR_REQUESTS || undefined,
    KEFU_RATE_AGENT_PICTURE_IP: source.KEFU_RATE_AGENT_PICTURE_IP || undefined,
    KEFU_RATE_SIGNUP_IP: source.KEFU_RATE_SIGNUP_IP || undefined,
    KEFU_RATE_LOGIN_IP: source.KEFU_RATE_LOGIN_IP || undefined,
    KEFU_RATE_INVITE_IP: source.KEFU_RATE_INVITE_IP || undefined,
    KEFU_RATE_PASSWORD_RESET_IP: source.KEFU_RATE_PASSWORD_RESET_IP || undefined,
    KEFU_LOGIN_LOCKOUT: source.KEFU_LOGIN_LOCKOUT || undefined,
    KEFU_LOGIN_BACKOFF_AFTER: source.KEFU_LOGIN_BACKOFF_AFTER || undefined,
    KEFU_TRUST_PROXY: source.KEFU_TRUST_PROXY || undefined,
    KEFU_ATTACHMENT_MAX_BYTES: source.KEFU_ATTACHMENT_MAX_BYTES || undefined,
    KEFU_RATE_VISITOR_IMAGE_READS: source.KEFU_RATE_VISITOR_IMAGE_READS || undefined,
    KEFU_RATE_VISITOR_UPLOADS: source.KEFU_RATE_VISITOR_UPLOADS || undefined,
    KEFU_DATA_DIR: source.KEFU_DATA_DIR || undefined,
    KEFU_ATTACHMENTS_DIR: source.KEFU_ATTACHMENTS_DIR || undefined,
    KEFU_S3_BUCKET: source.KEFU_S3_BUCKET || undefined,
    KEFU_S3_ENDPOINT: source.KEFU_S3_ENDPOINT || undefined,
    KEFU_S3_REGION: source.KEFU_S3_REGION || undefined,
    KEFU_S3_ACCESS_KEY_ID: source.KEFU_S3_ACCESS_KEY_ID || undefined,
    KEFU_S3_SECRET_ACCESS_KEY: source.KEFU_S3_SECRET_ACCESS_KEY || undefined,
  });
}

/**
 * The cost of new password hashes (tenancy/password.ts): OWASP's scrypt parameters, except when
 * NODE_ENV is `test` (Vitest sets it), where a low test-only cost keeps suites that create many
 * users fast. Nothing else selects the low cost, and a hash made with it is replaced by one at
 * the full cost on the next sign-in of a process that is not under test.
 */
export function passwordHashCost(source: Record<string, string | undefined> = process.env): "owasp" | "test-only-low" {
  return source.NODE_ENV === "test" ? "test-only-low" : "owasp";
}

/** pino's levels; `silent` logs nothing. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * `LOG_LEVEL` (default `info`), read apart from the rest of the env so that a bad value elsewhere
 * cannot keep the process from logging why it fails. An unknown level falls back to `info` and is
 * returned as `ignored`, for the logger to say so.
 */
export function readLogEnv(source: Record<string, string | undefined> = process.env): { level: LogLevel; ignored: string | null } {
  const raw = source.LOG_LEVEL?.trim().toLowerCase() || undefined;
  if (raw === undefined) return { level: "info", ignored: null };
  const parsed = z.enum(LOG_LEVELS).safeParse(raw);
  return parsed.success ? { level: parsed.data, ignored: null } : { level: "info", ignored: source.LOG_LEVEL ?? null };
}
