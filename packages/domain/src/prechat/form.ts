import { z } from "zod";
import { ZId } from "../schemas/bot";
import { ZText } from "../schemas/text";

/**
 * A bot's pre-chat form (Bot.prechatForm): what a visitor is asked before their first message.
 * Name, e-mail and phone each off, optional or required; up to five fields of the tenant's own,
 * whose answers become visitor attributes under their keys (handoff rules read them).
 */
export const PRECHAT_FIELD_MODES = ["off", "optional", "required"] as const;
export type PrechatFieldMode = (typeof PRECHAT_FIELD_MODES)[number];
export const ZPrechatFieldMode = z.enum(PRECHAT_FIELD_MODES);

/** The built-in fields, by the attribute key their answer is stored under. */
export const PRECHAT_BUILTIN_KEYS = ["name", "email", "phone"] as const;
export type PrechatBuiltinKey = (typeof PRECHAT_BUILTIN_KEYS)[number];

export const MAX_PRECHAT_CUSTOM_FIELDS = 5;
export const MAX_PRECHAT_OPTIONS = 20;
export const MAX_PRECHAT_LABEL_CHARS = 80;

/** A custom field's key: what rules and the inbox call its attribute (`plan`, `order_number`). */
export const ZPrechatFieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, "Keys start with a lowercase letter and use a–z, 0–9 and _ (at most 32).")
  .refine((key) => !(PRECHAT_BUILTIN_KEYS as readonly string[]).includes(key), "name, email and phone are the built-in fields.");

const ZLabel = ZText.trim()
  .min(1, "Give the field a label.")
  .max(MAX_PRECHAT_LABEL_CHARS, `Labels are limited to ${MAX_PRECHAT_LABEL_CHARS} characters.`);

export const ZPrechatCustomField = z
  .object({
    key: ZPrechatFieldKey,
    label: ZLabel,
    type: z.enum(["text", "select"]),
    /** The choices of a select (kept only for a select). */
    options: z.array(ZLabel).max(MAX_PRECHAT_OPTIONS, `At most ${MAX_PRECHAT_OPTIONS} choices.`).default([]),
    required: z.boolean(),
  })
  .superRefine((field, ctx) => {
    if (field.type !== "select") return;
    if (field.options.length < 1) ctx.addIssue({ code: "custom", path: ["options"], message: "A list needs at least one choice." });
    if (new Set(field.options).size !== field.options.length) ctx.addIssue({ code: "custom", path: ["options"], message: "Each choice must differ." });
  })
  .transform((field) => (field.type === "select" ? field : { ...field, options: [] }));
export type PrechatCustomField = z.infer<typeof ZPrechatCustomField>;

export const ZPrechatForm = z
  .object({
    enabled: z.boolean(),
    name: ZPrechatFieldMode,
    email: ZPrechatFieldMode,
    phone: ZPrechatFieldMode,
    customFields: z.array(ZPrechatCustomField).max(MAX_PRECHAT_CUSTOM_FIELDS, `At most ${MAX_PRECHAT_CUSTOM_FIELDS} fields of your own.`),
  })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.customFields.forEach((field, i) => {
      if (seen.has(field.key)) ctx.addIssue({ code: "custom", path: ["customFields", i, "key"], message: "Each field needs its own key." });
      seen.add(field.key);
    });
    const asks = form.name !== "off" || form.email !== "off" || form.phone !== "off" || form.customFields.length > 0;
    if (form.enabled && !asks) ctx.addIssue({ code: "custom", path: ["enabled"], message: "Turn on at least one field, or turn the form off." });
  });
export type PrechatForm = z.infer<typeof ZPrechatForm>;

/** What a bot without a saved form starts from in the dashboard: off, name and e-mail optional. */
export const DEFAULT_PRECHAT_FORM: PrechatForm = { enabled: false, name: "optional", email: "optional", phone: "off", customFields: [] };

export const ZUpdatePrechatFormRequest = z.object({ id: ZId, form: ZPrechatForm });
export type UpdatePrechatFormRequest = z.infer<typeof ZUpdatePrechatFormRequest>;

/** The stored form read back (JSON): a malformed one counts as no form, never as a half-trusted one. */
export function storedPrechatForm(value: unknown): PrechatForm | null {
  if (value === null || value === undefined) return null;
  const parsed = ZPrechatForm.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** One field as the visitor's form shows it; built-in fields have no label (the widget words them). */
export interface PrechatFieldView {
  key: string;
  kind: "name" | "email" | "phone" | "text" | "select";
  label: string | null;
  required: boolean;
  options: string[];
}

/**
 * The fields a visitor is asked, in order, leaving out those `skipKeys` already gives (attributes
 * the website signed: a verified name or e-mail is not asked again). Empty when the form is off.
 */
export function prechatFields(form: PrechatForm | null, skipKeys: ReadonlySet<string> = new Set()): PrechatFieldView[] {
  if (!form?.enabled) return [];
  const fields: PrechatFieldView[] = [];
  for (const key of PRECHAT_BUILTIN_KEYS) {
    const mode = form[key];
    if (mode !== "off") fields.push({ key, kind: key, label: null, required: mode === "required", options: [] });
  }
  for (const field of form.customFields) fields.push({ key: field.key, kind: field.type, label: field.label, required: field.required, options: field.options });
  return fields.filter((field) => !skipKeys.has(field.key));
}

/** The keys of `attributes` the form need not ask: those the website signed (attributesVerified). */
export function verifiedKeys(attributes: Record<string, unknown>, attributesVerified: boolean): Set<string> {
  if (!attributesVerified) return new Set();
  return new Set(Object.entries(attributes).filter(([, value]) => value !== null && value !== "").map(([key]) => key));
}
