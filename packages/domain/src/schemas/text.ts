import { z } from "zod";

/**
 * Well-formed text. A JavaScript string can hold a lone UTF-16 surrogate ("hi \ud800", from a
 * probe or a broken client); no Unicode text contains one, and Prisma cannot send one to
 * Postgres: the whole write fails with an unexpected error and the text is lost. So every free
 * text the API accepts is a `ZText` (refused with a field error), and text we import ourselves
 * from files and pages is repaired with `toWellFormedText` before it is stored.
 *
 * A regex rather than String.prototype.isWellFormed (ES2024): the same check in Node and in
 * every browser the admin and widget forms run in.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

export const ILL_FORMED_TEXT_MESSAGE = "This text contains an invalid character (a lone UTF-16 surrogate); remove it and try again.";

/** True when the string has no lone surrogate (what isWellFormed() says). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Replaces each lone surrogate with U+FFFD (what toWellFormed() does); well-formed text is returned as it is. */
export function toWellFormedText(text: string): string {
  return isWellFormedText(text) ? text : text.replace(LONE_SURROGATES, "\uFFFD");
}

/**
 * The base of every free-text field: `ZText.trim().min(1, …).max(…, …)`. The check runs on the
 * text as sent, before trimming and the length checks (which still run and report their own
 * problems).
 */
export const ZText = z.string().refine(isWellFormedText, { error: ILL_FORMED_TEXT_MESSAGE });

type Path = (string | number)[];

/**
 * For nested values whose string fields are declared elsewhere (a rule's conditions and
 * actions): one issue at the path of each string, or object key, that is not well-formed.
 */
export function addIllFormedTextIssues(value: unknown, ctx: z.RefinementCtx, path: Path = []): void {
  if (typeof value === "string") {
    if (!isWellFormedText(value)) ctx.addIssue({ code: "custom", path, message: ILL_FORMED_TEXT_MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => addIllFormedTextIssues(item, ctx, [...path, i]));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (!isWellFormedText(key)) ctx.addIssue({ code: "custom", path, message: ILL_FORMED_TEXT_MESSAGE });
      else addIllFormedTextIssues(item, ctx, [...path, key]);
    }
  }
}
