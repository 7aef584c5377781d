import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { DomainError } from "../errors";
import { ZVisitorRequest } from "../schemas/chat";
import { ZText } from "../schemas/text";
import { EMAIL_PATTERN } from "./email";
import { prechatFields, type PrechatFieldView, type PrechatForm } from "./form";

export const MAX_PRECHAT_ANSWER_CHARS = 200;
const MAX_EMAIL_CHARS = 254;

/**
 * What the visitor's form sends: `{ key: text }`. Bounded here (keys, lengths, count); checked
 * against the bot's form by checkPrechatAnswers, on the server, whatever the widget checked.
 */
export const ZSubmitPrechatRequest = ZVisitorRequest.extend({
  answers: z
    .record(z.string().min(1).max(64), ZText.max(1000, "Answers are limited to 1000 characters."))
    .refine((answers) => Object.keys(answers).length <= 16, { message: "Too many answers." }),
});
export type SubmitPrechatRequest = z.infer<typeof ZSubmitPrechatRequest>;

/** Why one answer was refused: the widget words each in the visitor's language. */
export type PrechatAnswerError = "required" | "invalid_email" | "invalid_phone" | "too_long" | "not_an_option" | "invalid_text" | "unknown_field";

export const PRECHAT_ANSWER_MESSAGES: Record<PrechatAnswerError, string> = {
  required: "This field is required.",
  invalid_email: "Enter an e-mail address such as name@example.com.",
  invalid_phone: "Enter a phone number, with its country code if it is not local.",
  too_long: `Answers are limited to ${MAX_PRECHAT_ANSWER_CHARS} characters.`,
  not_an_option: "Choose one of the listed options.",
  invalid_text: "Use a single line of text.",
  unknown_field: "This form has no such field.",
};

export type PrechatCheck = { ok: true; values: Record<string, string> } | { ok: false; errors: Record<string, PrechatAnswerError> };

// Control characters (line breaks included): every answer is one line.
const CONTROL = /\p{Cc}/u;

function checkOne(field: PrechatFieldView, value: string, defaultCountry: CountryCode | undefined): { value: string } | { error: PrechatAnswerError } {
  if (CONTROL.test(value)) return { error: "invalid_text" };
  if (field.kind === "email") return value.length > MAX_EMAIL_CHARS || !EMAIL_PATTERN.test(value) ? { error: "invalid_email" } : { value };
  if (value.length > MAX_PRECHAT_ANSWER_CHARS) return { error: "too_long" };
  if (field.kind === "phone") {
    const phone = parsePhoneNumberFromString(value, defaultCountry);
    // Stored in E.164 (+8613800138000): one spelling per number, whatever the visitor typed.
    return phone?.isValid() ? { value: phone.number } : { error: "invalid_phone" };
  }
  if (field.kind === "select" && !field.options.includes(value)) return { error: "not_an_option" };
  return { value };
}

/**
 * Checks a visitor's answers against the bot's form: every required field answered, each answer
 * of its kind (an e-mail address, a valid phone number, one of a list's options), one line and
 * bounded, and no key the form does not ask (`skipKeys`: fields the website's signed attributes
 * already give, which the visitor cannot overwrite). Empty optional answers are left out.
 * `defaultCountry` reads a phone number without a country code (CN for a Chinese bot).
 */
export function checkPrechatAnswers(
  form: PrechatForm | null,
  answers: Record<string, string>,
  options: { skipKeys?: ReadonlySet<string>; defaultCountry?: CountryCode } = {},
): PrechatCheck {
  const fields = prechatFields(form, options.skipKeys);
  const errors: Record<string, PrechatAnswerError> = {};
  const values: Record<string, string> = {};
  const asked = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(answers)) if (!asked.has(key)) errors[key] = "unknown_field";
  for (const field of fields) {
    const value = (answers[field.key] ?? "").trim();
    if (!value) {
      if (field.required) errors[field.key] = "required";
      continue;
    }
    const checked = checkOne(field, value, options.defaultCountry);
    if ("error" in checked) errors[field.key] = checked.error;
    else values[field.key] = checked.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** Stored answers read back (JSON): string values only; null when the visitor has not sent the form. */
export function storedPrechatAnswers(value: unknown): Record<string, string> | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/**
 * The visitor's attributes as handoff rules and agents see them: the host page's, plus the form's
 * answers under keys the page did not give (the website's value wins: it is the one it may sign).
 * `fromForm` lists the keys whose value came from the form: typed by the visitor, never verified.
 */
export function withPrechatAnswers(
  attributes: Record<string, unknown>,
  answers: Record<string, string> | null,
): { attributes: Record<string, unknown>; fromForm: string[] } {
  if (!answers) return { attributes, fromForm: [] };
  const fromForm = Object.keys(answers).filter((key) => !(key in attributes));
  if (fromForm.length === 0) return { attributes, fromForm };
  return { attributes: { ...attributes, ...Object.fromEntries(fromForm.map((key) => [key, answers[key]])) }, fromForm };
}

/** The form as one visitor is asked it: the fields left once their signed attributes are skipped. */
export interface PrechatView {
  fields: PrechatFieldView[];
}

/**
 * The form the visitor must still send before chatting, or null: it is off, asks them nothing (the
 * website signed every field, `skipKeys`), or they have sent it already.
 */
export function pendingPrechat(form: PrechatForm | null, prechatAnswers: unknown, skipKeys: ReadonlySet<string>): PrechatView | null {
  if (!form?.enabled || storedPrechatAnswers(prechatAnswers) !== null) return null;
  const fields = prechatFields(form, skipKeys);
  return fields.length > 0 ? { fields } : null;
}

/**
 * A visitor call refused because the form is still to be sent (FORBIDDEN `prechat_required`). It
 * carries the visitor's own form (the API sends it in the error's data), so the widget shows it
 * without starting the session again.
 */
export class PrechatRequiredError extends DomainError {
  readonly prechat: PrechatView;

  constructor(prechat: PrechatView) {
    super("FORBIDDEN", "prechat_required", "Please fill in the form above before you send a message.");
    this.name = "PrechatRequiredError";
    this.prechat = prechat;
  }
}

/** One answer as agents read it: built-in fields have no label (the dashboard words them). */
export interface PrechatAnswerView {
  key: string;
  label: string | null;
  value: string;
}

/**
 * The visitor's answers in the form's order, custom fields with their labels; answers to fields
 * the form no longer has come last, by key. Empty when the visitor has not sent the form.
 */
export function prechatAnswerList(form: PrechatForm | null, answers: unknown): PrechatAnswerView[] {
  const values = storedPrechatAnswers(answers);
  if (!values) return [];
  const labels = new Map<string, string | null>([
    ["name", null],
    ["email", null],
    ["phone", null],
    ...(form?.customFields ?? []).map((field) => [field.key, field.label] as const),
  ]);
  const known = [...labels.keys()].filter((key) => key in values);
  const rest = Object.keys(values).filter((key) => !labels.has(key)).sort();
  return [...known, ...rest].map((key) => ({ key, label: labels.get(key) ?? null, value: values[key]! }));
}
