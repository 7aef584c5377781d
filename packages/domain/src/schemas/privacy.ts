import { z } from "zod";
import { BUILTIN_PII_KINDS, MAX_PII_PATTERNS, piiPatternProblem } from "../privacy/detect";
import { ZId } from "./bot";
import { ZText } from "./text";

export const MAX_PRIVACY_NOTICE_CHARS = 1000;

/** A tenant-defined kind of personal data: its name (the placeholder's, `[MEMBER_ID_1]`) and an RE2 pattern. */
export const ZPiiPattern = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,31}$/, "Names are 2–32 capital letters, digits or underscores, starting with a letter (MEMBER_ID).")
    .refine((name) => !(BUILTIN_PII_KINDS as readonly string[]).includes(name), { error: "This name is a built-in kind; choose another." }),
  pattern: ZText.min(1, "Enter a pattern.").superRefine((pattern, ctx) => {
    const problem = piiPatternProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});
export type PiiPattern = z.infer<typeof ZPiiPattern>;

export const ZPiiPatterns = z
  .array(ZPiiPattern)
  .max(MAX_PII_PATTERNS, `At most ${MAX_PII_PATTERNS} patterns.`)
  .superRefine((patterns, ctx) => {
    const seen = new Set<string>();
    patterns.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "Each pattern needs its own name." });
      seen.add(p.name);
    });
  });

/**
 * A bot's privacy settings: personal data redacted before text reaches a remote model (on by
 * default), masked in stored transcripts (off by default), and the tenant's own patterns.
 */
export const ZUpdateBotPrivacyRequest = z.object({
  id: ZId,
  redactPii: z.boolean(),
  maskStoredPii: z.boolean(),
  piiPatterns: ZPiiPatterns,
  // Shown to visitors above the composer before their first message; empty = none. Left out = unchanged.
  privacyNotice: ZText.trim()
    .max(MAX_PRIVACY_NOTICE_CHARS, `The notice is limited to ${MAX_PRIVACY_NOTICE_CHARS} characters.`)
    .transform((text) => text || null)
    .nullable()
    .optional(),
  privacyNoticeUrl: ZText.trim()
    .max(500, "The link is too long.")
    .refine((url) => url === "" || /^https?:\/\/[^\s/]+/i.test(url), { error: "Enter a link starting with https:// or http://." })
    .transform((url) => url || null)
    .nullable()
    .optional(),
});
export type UpdateBotPrivacyRequest = z.infer<typeof ZUpdateBotPrivacyRequest>;

/** Stored patterns read back from the database (JSON): anything malformed is dropped, not trusted. */
export function storedPiiPatterns(value: unknown): PiiPattern[] {
  const parsed = z.array(z.unknown()).safeParse(value);
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const one = ZPiiPattern.safeParse(item);
    return one.success ? [one.data] : [];
  });
}
