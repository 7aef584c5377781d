/**
 * Tenant-written regular expressions run on every visitor message, so they must not be able to
 * hang the server (ReDoS). We keep the check deliberately simple and conservative:
 * - patterns are capped at MAX_PATTERN_LENGTH and must compile with the given flags;
 * - a quantified group that itself contains a quantifier — `(a+)+`, `(\w*\s?)*`, `(?:x{2,})+` —
 *   is rejected, which is the shape behind almost all catastrophic backtracking;
 * - backreferences (`\1`, `\k<name>`) and lookbehind are rejected (rarely needed, costly);
 * - the text a pattern runs on is capped at MAX_REGEX_INPUT characters.
 * Overlapping alternations such as `(a|a)+` are not detected; the input cap bounds their cost.
 */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_REGEX_INPUT = 4000;

/** A human-readable problem with the pattern, or null when it is accepted. */
export function regexProblem(pattern: string, flags: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `Patterns are limited to ${MAX_PATTERN_LENGTH} characters.`;
  if (/[gy]/.test(flags)) return "The g and y flags are not allowed.";
  try {
    new RegExp(pattern, flags);
  } catch {
    return "This is not a valid regular expression.";
  }
  if (/\\[1-9]|\\k</.test(pattern)) return "Backreferences are not allowed.";
  if (/\(\?<[=!]/.test(pattern)) return "Lookbehind is not allowed.";
  if (hasNestedQuantifier(pattern)) return "Nested quantifiers such as (a+)+ can hang the server; simplify the pattern.";
  return null;
}

/** Compiles a pattern already accepted by regexProblem, or returns null. */
export function compileSafeRegex(pattern: string, flags: string): RegExp | null {
  if (regexProblem(pattern, flags)) return null;
  return new RegExp(pattern, flags);
}

/** True when a group containing a quantifier is itself followed by a quantifier. */
export function hasNestedQuantifier(pattern: string): boolean {
  // One entry per open group: does it (or a nested group) contain a quantifier?
  const stack: boolean[] = [];
  let i = 0;
  const quantifierAt = (at: number): number => {
    // Returns the length of the quantifier starting at `at`, or 0.
    const c = pattern[at];
    if (c === "*" || c === "+") return 1;
    if (c === "?") return 1;
    if (c === "{") {
      const m = /^\{\d+(,\d*)?\}/.exec(pattern.slice(at));
      return m ? m[0].length : 0;
    }
    return 0;
  };
  // `?` alone (optional) cannot blow up; `+`, `*` and `{n,}`/`{n,m>1}` repeat.
  const repeats = (at: number, len: number): boolean => {
    const q = pattern.slice(at, at + len);
    if (q === "?") return false;
    const m = /^\{(\d+)(,(\d*))?\}$/.exec(q);
    if (m) return m[2] !== undefined ? m[3] === "" || Number(m[3]) > 1 : Number(m[1]) > 1;
    return true;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      i += 2;
      const q = quantifierAt(i);
      if (q && repeats(i, q) && stack.length) stack[stack.length - 1] = true;
      i += q;
      continue;
    }
    if (c === "[") {
      // Skip the character class (escapes inside included).
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
      const q = quantifierAt(i);
      if (q && repeats(i, q) && stack.length) stack[stack.length - 1] = true;
      i += q;
      continue;
    }
    if (c === "(") {
      stack.push(false);
      i++;
      continue;
    }
    if (c === ")") {
      const inner = stack.pop() ?? false;
      i++;
      const q = quantifierAt(i);
      if (q && repeats(i, q)) {
        if (inner) return true;
        if (stack.length) stack[stack.length - 1] = true;
      } else if (inner && stack.length) {
        stack[stack.length - 1] = true;
      }
      i += q;
      continue;
    }
    const q = quantifierAt(i + 1);
    if (q && repeats(i + 1, q) && stack.length) stack[stack.length - 1] = true;
    i += 1 + q;
  }
  return false;
}
