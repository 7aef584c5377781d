import { toWellFormedText } from "../schemas/text";

/**
 * What the audit log keeps of a request's input (docs/security.md "Audit log"): enough to say what
 * changed, never a secret and never a copy of customer content. Redaction is keyed on field
 * names, at any depth: a field whose name matches REDACTED_FIELDS is stored as "[redacted]"
 * whatever its value (a string, an object, an array).
 */
export const REDACTED = "[redacted]";

/** Field names whose values are never recorded: passwords, API keys, tokens, secrets, credentials. */
export const REDACTED_FIELDS: readonly RegExp[] = [
  /pass(word|phrase|wd)?/i,
  /secret/i,
  /token/i,
  /api[-_]?key/i,
  /^key$/i,
  /private[-_]?key/i,
  /authori[sz]ation/i,
  /credential/i,
  /cookie/i,
  /signature/i,
  /ciphertext/i,
  /otp|totp/i,
];

/**
 * Fields carrying content (messages, documents, uploads, FAQ text): recorded as their length only,
 * so the audit log holds no copy of conversations or knowledge that retention deletes elsewhere.
 */
export const CONTENT_FIELDS: ReadonlySet<string> = new Set([
  "content",
  "text",
  "body",
  "message",
  "note",
  "csv",
  "dataBase64",
  "question",
  "answer",
  "alternatives",
]);

const MAX_STRING = 200;
const MAX_ARRAY = 20;
const MAX_DEPTH = 4;
const MAX_KEYS = 40;

export const isRedactedField = (name: string) => REDACTED_FIELDS.some((pattern) => pattern.test(name));

/** `https://user:pass@host/…` loses its user info: URLs are recorded, their credentials are not. */
const withoutUrlCredentials = (value: string) => value.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${REDACTED}@`);

const sizeOf = (value: unknown): number =>
  typeof value === "string" ? value.length : Array.isArray(value) ? value.reduce<number>((sum, item) => sum + sizeOf(item), 0) : JSON.stringify(value ?? "").length;

/** The input of a request as the audit log keeps it: secrets redacted, content as its size, long values cut. */
export function summariseForAudit(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    const clean = withoutUrlCredentials(value);
    // Well-formed always (Postgres refuses a lone surrogate in JSON): ill-formed input is exactly
    // what refused calls carry, and cutting can split a pair.
    return toWellFormedText(clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}… [${clean.length} characters]` : clean);
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ARRAY).map((item) => summariseForAudit(item, depth + 1));
    return value.length > MAX_ARRAY ? [...items, `[${value.length - MAX_ARRAY} more]`] : items;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value).slice(0, MAX_KEYS)) {
      if (isRedactedField(key)) out[key] = REDACTED;
      else if (CONTENT_FIELDS.has(key)) out[key] = field === null || field === undefined ? null : `[${sizeOf(field)} characters]`;
      else out[toWellFormedText(key)] = summariseForAudit(field, depth + 1);
    }
    return out;
  }
  return String(value);
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const isIdKey = (key: string) => key === "id" || key === "ids" || /[a-z]Ids?$/.test(key);

/**
 * The ids an action was about: values of `id`, `…Id` and `…Ids` fields of its input (top level and
 * one level down), then the id of what it returned (`{ id }` or `{ endpoint: { id } }`), once each.
 */
export function auditTargetIds(input: unknown, output?: unknown): string[] {
  const ids: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && ID.test(value) && !ids.includes(value)) ids.push(value);
  };
  const fromObject = (object: unknown, nested: boolean) => {
    if (!object || typeof object !== "object" || Array.isArray(object)) return;
    for (const [key, value] of Object.entries(object)) {
      if (isRedactedField(key)) continue;
      if (isIdKey(key)) (Array.isArray(value) ? value.slice(0, MAX_ARRAY) : [value]).forEach(add);
      else if (nested && value && typeof value === "object") fromObject(value, false);
    }
  };
  fromObject(input, true);
  if (output && typeof output === "object" && !Array.isArray(output)) {
    const record = output as Record<string, unknown>;
    add(record.id);
    for (const value of Object.values(record)) {
      if (value && typeof value === "object" && !Array.isArray(value)) add((value as Record<string, unknown>).id);
    }
  }
  return ids.slice(0, MAX_ARRAY);
}
