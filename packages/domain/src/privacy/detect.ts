import { findPhoneNumbersInText, isValidPhoneNumber } from "libphonenumber-js";
import { RE2JS } from "re2js";

/**
 * Personal data in visitor text (Chinese and English): what it is and where. Each kind is found
 * by a pattern and then checked (a checksum, a calendar, a numbering plan), so numbers that only
 * look alike (order numbers, prices, dates, versions) are left alone. Built-in patterns are
 * ours and bounded; tenant-defined ones run on RE2 (re2js), whose matching is linear in the text.
 */
export const BUILTIN_PII_KINDS = ["EMAIL", "PHONE", "ID_NUMBER", "BANK_CARD", "PASSPORT", "IP"] as const;
export type BuiltinPiiKind = (typeof BUILTIN_PII_KINDS)[number];

export interface PiiSpan {
  /** A built-in kind, or the name of a tenant-defined pattern. */
  kind: string;
  start: number;
  end: number;
  value: string;
}

/** A tenant-defined pattern compiled for the linear-time engine (compilePiiPatterns). */
export interface CompiledPiiPattern {
  name: string;
  regex: RE2JS;
}

export interface PiiDetectOptions {
  /** Built-in kinds to look for (default: all). */
  kinds?: readonly BuiltinPiiKind[];
  /** Tenant-defined patterns, run after the built-in kinds on the text they left. */
  patterns?: readonly CompiledPiiPattern[];
}

// Numbers must not be part of a longer run of digits or letters.
const B = "(?<![0-9A-Za-z])";
const E = "(?![0-9A-Za-z])";

const EMAIL = /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const CN_MOBILE = new RegExp(`${B}(?:(?:\\+|00)?86[- ]?)?1[3-9]\\d(?:[- ]?\\d{4}){2}${E}`, "g");
const CN_LANDLINE = new RegExp(`${B}((?:\\+|00)86[- ]?)?(\\(0\\d{2,3}\\)|0\\d{2,3})([- ]?)\\d{7,8}(?:(?:转|ext\\.? ?)\\d{1,6})?${E}`, "gi");
const PHONE_KEYWORD = /(?:电话|手机|座机|致电|拨打|联系方式|号码|tel|phone|call|mobile|fax|传真)[^\n]{0,12}$/i;
const ID_NUMBER = new RegExp(`${B}[1-9]\\d{5} ?(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]) ?\\d{3}[\\dXx]${E}`, "g");
const BANK_CARD = new RegExp(`${B}(?:\\d{13,19}|\\d{4}(?:[- ]\\d{4}){2,3}(?:[- ]\\d{1,3})?|\\d{4}[- ]\\d{6}[- ]\\d{4,5})${E}`, "g");
const CN_PASSPORT = new RegExp(`${B}(?:[EeGg]\\d{8}|E[A-HJ-NP-Z]\\d{7})${E}`, "g");
const GENERAL_PASSPORT = new RegExp(`${B}(?:[A-Z]{0,2}\\d{6,9}|(?=[A-Z0-9]{0,8}[A-Z])(?=[A-Z0-9]{0,8}\\d)[A-Z0-9]{9})${E}`, "g");
const PASSPORT_KEYWORD = /(?:passport|护照|護照)[^\n]{0,24}$/i;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![0-9A-Za-z.])(?:${OCTET}\\.){3}${OCTET}(?!\\.?\\d)(?![A-Za-z])`, "g");
/** "version 1.2.3.4", "版本 1.2.3.4", "v1.2.3.4": a version number, not an address. */
const VERSION_BEFORE = /(?:(?<![A-Za-z])(?:version|ver\.?|build|firmware|release)|版本号?|固件|系统)\s*[:：]?\s*$/i;
/** An order, tracking or invoice number right before: not a card, even when its Luhn digit passes. */
const ORDER_BEFORE = /(?:(?<![A-Za-z])(?:order|tracking|invoice|ref|reference)(?:\s*(?:no\.?|number|#))?|订单号?|单号|运单|快递|发票号?|流水号?)\s*[:：#]?\s*$/i;
const IPV6_RUN = /(?<![0-9A-Za-z.:])[0-9A-Fa-f:.]{2,45}(?![0-9A-Za-z:])/g;

// Mainland, Hong Kong, Macao and Taiwan province codes of the resident ID number.
const ID_PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

const digitsOf = (text: string) => text.replace(/\D/g, "");

/** ISO 7064 MOD 11-2 check character of a resident ID number, and a real birth date. */
export function isChineseIdNumber(candidate: string): boolean {
  const id = candidate.replace(/ /g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!ID_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1880 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > monthDays) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17];
}

/** The Luhn checksum of a card number (digits only). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Card networks' first digits: Visa 4, Mastercard 51–55 and 22–27, Amex/JCB/Diners 3, UnionPay/Discover 6. */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3|6)/;

export function isBankCardNumber(candidate: string): boolean {
  const digits = digitsOf(candidate);
  return digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && passesLuhn(digits);
}

/** A CN landline: 010, 02x or a 4-digit area code, then 7–8 digits, 11–12 digits in all. */
function isCnLandline(national: string): boolean {
  if (!/^(?:010|02\d|0[3-9]\d\d)/.test(national)) return false;
  if (national.length < 10 || national.length > 12) return false;
  return isValidPhoneNumber(national, "CN");
}

export function isIpv6(candidate: string): boolean {
  let text = candidate;
  let groups = 8;
  // An embedded IPv4 address (::ffff:192.0.2.1) stands for the last two groups.
  const v4 = /^(.*:)((?:\d{1,3}\.){3}\d{1,3})$/.exec(text);
  if (v4) {
    if (!v4[2]!.split(".").every((o) => Number(o) <= 255 && (o === "0" || !o.startsWith("0")))) return false;
    text = v4[1]!.endsWith("::") ? v4[1]! : v4[1]!.slice(0, -1);
    groups = 6;
  }
  if (text.includes(".")) return false;
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const parts = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (!parts.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? parts.length < groups : parts.length === groups;
}

function* matchesOf(regex: RegExp, text: string): Generator<RegExpExecArray> {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    yield m;
    if (m[0].length === 0) regex.lastIndex++;
  }
}

type Candidate = PiiSpan & { rank: number };

function builtinCandidates(text: string, kinds: ReadonlySet<string>): Candidate[] {
  const found: Candidate[] = [];
  const add = (kind: BuiltinPiiKind, rank: number, start: number, value: string) => found.push({ kind, rank, start, end: start + value.length, value });
  if (kinds.has("EMAIL")) for (const m of matchesOf(EMAIL, text)) add("EMAIL", 0, m.index, m[0]);
  if (kinds.has("ID_NUMBER")) for (const m of matchesOf(ID_NUMBER, text)) if (isChineseIdNumber(m[0])) add("ID_NUMBER", 1, m.index, m[0]);
  if (kinds.has("BANK_CARD")) {
    for (const m of matchesOf(BANK_CARD, text)) {
      if (isBankCardNumber(m[0]) && !ORDER_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) add("BANK_CARD", 2, m.index, m[0]);
    }
  }
  if (kinds.has("PHONE")) {
    for (const m of matchesOf(CN_MOBILE, text)) add("PHONE", 3, m.index, m[0]);
    for (const m of matchesOf(CN_LANDLINE, text)) {
      const [whole, country, area, separator] = m as unknown as [string, string | undefined, string, string];
      const national = digitsOf(whole.replace(/(?:转|ext\.? ?)\d+$/i, "").slice(country?.length ?? 0));
      const marked = Boolean(country) || area.startsWith("(") || separator !== "" || PHONE_KEYWORD.test(text.slice(Math.max(0, m.index - 24), m.index));
      if (marked && isCnLandline(national)) add("PHONE", 3, m.index, whole);
    }
    // International numbers written with their country code (+44 20 7946 0958), validated by libphonenumber.
    for (const n of findPhoneNumbersInText(text)) add("PHONE", 3, n.startsAt, text.slice(n.startsAt, n.endsAt));
  }
  if (kinds.has("PASSPORT")) for (const m of matchesOf(CN_PASSPORT, text)) add("PASSPORT", 4, m.index, m[0]);
  if (kinds.has("IP")) {
    for (const m of matchesOf(IPV4, text)) {
      if (!VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) add("IP", 5, m.index, m[0]);
    }
    for (const m of matchesOf(IPV6_RUN, text)) {
      const value = m[0].replace(/\.+$/, "");
      if ((value.match(/:/g)?.length ?? 0) >= 2 && /\d/.test(value) && isIpv6(value)) add("IP", 5, m.index, value);
    }
  }
  if (kinds.has("PASSPORT")) {
    // Other countries' passports look like any code: only right after the word "passport".
    for (const m of matchesOf(GENERAL_PASSPORT, text)) {
      if (PASSPORT_KEYWORD.test(text.slice(Math.max(0, m.index - 40), m.index))) add("PASSPORT", 6, m.index, m[0]);
    }
  }
  return found;
}

/** Accepts candidates by rank, then position, skipping any that overlaps one already accepted. */
function resolveOverlaps(candidates: Candidate[]): PiiSpan[] {
  const ordered = [...candidates].sort((a, b) => a.rank - b.rank || a.start - b.start || b.end - a.end);
  const accepted: PiiSpan[] = [];
  for (const c of ordered) {
    if (accepted.some((a) => c.start < a.end && a.start < c.end)) continue;
    accepted.push({ kind: c.kind, start: c.start, end: c.end, value: c.value });
  }
  return accepted.sort((a, b) => a.start - b.start);
}

/**
 * Full-width digits, letters and the signs of addresses (１３８, ＠, ＋) as ASCII, one UTF-16 unit
 * for one, so spans found in the folded text are the original's.
 */
function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/** The personal data found in a text, in order, never overlapping. */
export function detectPii(text: string, options: PiiDetectOptions = {}): PiiSpan[] {
  const kinds = new Set<string>(options.kinds ?? BUILTIN_PII_KINDS);
  const folded = foldFullWidth(text);
  const candidates = builtinCandidates(folded, kinds).map((c) => ({ ...c, value: text.slice(c.start, c.end) }));
  const patterns = options.patterns ?? [];
  patterns.forEach((pattern, i) => {
    const matcher = pattern.regex.matcher(text);
    while (matcher.find()) {
      const start = matcher.start();
      const end = matcher.end();
      if (end === start) break; // refused when saved; never loop on an empty match
      candidates.push({ kind: pattern.name, rank: 10 + i, start, end, value: text.slice(start, end) });
    }
  });
  return resolveOverlaps(candidates);
}

export const MAX_PII_PATTERNS = 20;
export const MAX_PII_PATTERN_LENGTH = 200;

/** Why a tenant's pattern cannot be used, or null. Compiled by RE2: no backreferences, no lookaround. */
export function piiPatternProblem(pattern: string): string | null {
  if (pattern.length > MAX_PII_PATTERN_LENGTH) return `Patterns are limited to ${MAX_PII_PATTERN_LENGTH} characters.`;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch {
    return "This pattern cannot be compiled by the linear-time engine (RE2 syntax: no backreferences or lookaround).";
  }
  if (regex.matches("")) return "This pattern matches empty text; it must match at least one character.";
  return null;
}

/** Compiles a bot's stored patterns; one that no longer compiles is skipped (they are checked when saved). */
export function compilePiiPatterns(patterns: readonly { name: string; pattern: string }[]): CompiledPiiPattern[] {
  return patterns.flatMap(({ name, pattern }) => (piiPatternProblem(pattern) ? [] : [{ name, regex: RE2JS.compile(pattern) }]));
}
