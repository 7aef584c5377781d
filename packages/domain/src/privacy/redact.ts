import { detectPii, type PiiDetectOptions, type PiiSpan } from "./detect";

/**
 * The placeholders of one conversation turn: the same value gets the same placeholder
 * (`[PHONE_1]`, `[EMAIL_2]`…) in everything redacted with one vault (the question, the history,
 * a summary's transcript), so the model sees one person's number as one number, and the reply
 * can be restored.
 */
export class PiiVault {
  private readonly byValue = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  /** The placeholder of a value, new or already given. */
  placeholderFor(kind: string, value: string): string {
    const key = `${kind}\u0000${sameValueKey(kind, value)}`;
    const known = this.byValue.get(key);
    if (known) return known;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const placeholder = `[${kind}_${n}]`;
    this.byValue.set(key, placeholder);
    this.originals.set(placeholder, value);
    return placeholder;
  }

  /** Placeholder → original value, for everything redacted with this vault. */
  get placeholders(): ReadonlyMap<string, string> {
    return this.originals;
  }

  /** The text with every placeholder of this vault put back; unknown bracketed text is left as it is. */
  restore(text: string): string {
    return restorePlaceholders(text, this.originals);
  }
}

/** One person's number written "138 1234 5678" and "13812345678" is one value. */
function sameValueKey(kind: string, value: string): string {
  if (kind === "PHONE") {
    const digits = value.replace(/\D/g, "").replace(/^00/, "");
    // +86 138…, 0086 138… and 138… are one mobile; +86 10 … is 010 ….
    if (!digits.startsWith("86") || digits.length < 12) return digits;
    const national = digits.slice(2);
    return /^1[3-9]\d{9}$/.test(national) ? national : `0${national}`;
  }
  if (kind === "BANK_CARD" || kind === "ID_NUMBER") return value.replace(/[^\dXx]/g, "").toUpperCase();
  if (kind === "EMAIL" || kind === "PASSPORT" || kind === "IP") return value.toLowerCase();
  return value;
}

const PLACEHOLDER = /\[[A-Z][A-Z0-9_]{0,31}_\d{1,4}\]/g;
/** The longest placeholder: "[" + 32-character name + "_" + 4 digits + "]". */
export const MAX_PLACEHOLDER_LENGTH = 39;

/** Puts originals back for the placeholders in `map` (placeholder → original). */
export function restorePlaceholders(text: string, map: ReadonlyMap<string, string>): string {
  if (map.size === 0 || !text.includes("[")) return text;
  return text.replace(PLACEHOLDER, (placeholder) => map.get(placeholder) ?? placeholder);
}

export interface RedactOptions extends PiiDetectOptions {
  /** The turn's vault, shared by every text of the turn (a new one when omitted). */
  vault?: PiiVault;
}

export interface Redacted {
  text: string;
  spans: PiiSpan[];
  vault: PiiVault;
  /** Restores a text written from the redacted one (e.g. the model's reply). */
  restore: (text: string) => string;
}

/** Replaces personal data with placeholders that `restore` puts back. */
export function redact(text: string, options: RedactOptions = {}): Redacted {
  const vault = options.vault ?? new PiiVault();
  const spans = detectPii(text, options);
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + vault.placeholderFor(span.kind, span.value);
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, spans, vault, restore: (reply) => vault.restore(reply) };
}

/**
 * What is stored when a bot masks personal data in transcripts: each value replaced by its kind
 * (`[PHONE]`, `[EMAIL]`), with nothing to restore it from.
 */
export function maskPii(text: string, options: PiiDetectOptions = {}): string {
  const spans = detectPii(text, options);
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += `${text.slice(at, span.start)}[${span.kind}]`;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * Restores placeholders in a streamed reply, where one may be split across chunks ("[PHO",
 * "NE_1]"): text that could still become a placeholder is held back until the next chunk or
 * `flush`, everything else passes through at once.
 */
export class PlaceholderStreamRestorer {
  private pending = "";

  constructor(private readonly vault: PiiVault) {}

  /** The restored text that can be shown now. */
  push(delta: string): string {
    const text = this.pending + delta;
    const open = text.lastIndexOf("[");
    const tail = open < 0 ? "" : text.slice(open);
    const partial = tail !== "" && tail.length < MAX_PLACEHOLDER_LENGTH && /^\[(?:[A-Z][A-Z0-9_]{0,31}(?:_\d{0,4})?)?$/.test(tail);
    this.pending = partial ? tail : "";
    return this.vault.restore(partial ? text.slice(0, open) : text);
  }

  /** What was held back, at the end of the stream. */
  flush(): string {
    const rest = this.pending;
    this.pending = "";
    return this.vault.restore(rest);
  }
}
