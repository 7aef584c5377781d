import { z } from "zod";

/**
 * Which websites may embed a bot: exact origins (`https://shop.example.com`, with the port if it is
 * not the scheme's default) and subdomain patterns (`https://*.example.com`: any subdomain, at any
 * depth, never the apex itself). An empty list means any website. Entries are stored in canonical
 * form (lower case, no default port, no trailing slash), so matching is a string comparison.
 */

const SCHEMES = new Set(["http:", "https:"]);
const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443" };
/** scheme://[*.]host[:port][/] — no user info, path, query or fragment. */
const ENTRY = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^/?#@\s:[\]]+)(?::(\d{1,5}))?\/?$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export const ALLOWED_ORIGINS_MAX = 50;

export type ParsedAllowedOrigin =
  | { ok: true; entry: string }
  | { ok: false; reason: "format" | "scheme" | "host" | "port" | "wildcard" };

/** Parses one entry of a bot's list into its canonical form, or says what is wrong with it. */
export function parseAllowedOrigin(input: string): ParsedAllowedOrigin {
  const text = input.trim();
  const match = ENTRY.exec(text);
  if (!match) return { ok: false, reason: text.includes("://") ? "format" : "scheme" };
  const [, rawScheme, wildcard, rawHost, rawPort] = match;
  const scheme = `${rawScheme!.toLowerCase()}:`;
  if (!SCHEMES.has(scheme)) return { ok: false, reason: "scheme" };
  if (rawHost!.includes("*")) return { ok: false, reason: "wildcard" };
  let url: URL;
  try {
    url = new URL(`${scheme}//${rawHost}${rawPort !== undefined ? `:${rawPort}` : ""}`);
  } catch {
    return { ok: false, reason: rawPort !== undefined && Number(rawPort) > 65535 ? "port" : "host" };
  }
  const host = url.hostname;
  if (!host || host.startsWith(".") || host.endsWith(".") || host.includes("..")) return { ok: false, reason: "host" };
  if (rawPort !== undefined && (Number(rawPort) < 1 || Number(rawPort) > 65535)) return { ok: false, reason: "port" };
  if (wildcard) {
    // `*.com` or `*.localhost` would let every site of a top-level domain in; an address has no subdomains.
    if (!host.includes(".") || IPV4.test(host)) return { ok: false, reason: "wildcard" };
  }
  const port = url.port === "" || url.port === DEFAULT_PORT[scheme] ? "" : `:${url.port}`;
  return { ok: true, entry: `${scheme}//${wildcard ? "*." : ""}${host}${port}` };
}

const REASON_MESSAGES: Record<Exclude<ParsedAllowedOrigin, { ok: true }>["reason"], string> = {
  format: "must look like https://shop.example.com or https://*.example.com (no path).",
  scheme: "must start with https:// or http://.",
  host: "has no valid host name.",
  port: "has an invalid port.",
  wildcard: "may use * only as the first label of a domain, as in https://*.example.com.",
};

/** One entry, checked and put in canonical form. */
export const ZAllowedOrigin = z
  .string()
  .max(300, "A website must be at most 300 characters.")
  .transform((value, ctx) => {
    const parsed = parseAllowedOrigin(value);
    if (parsed.ok) return parsed.entry;
    ctx.addIssue({ code: "custom", message: `"${value.trim().slice(0, 80)}" ${REASON_MESSAGES[parsed.reason]}` });
    return z.NEVER;
  });

/** A bot's list: canonical, without duplicates, at most ALLOWED_ORIGINS_MAX entries. */
export const ZAllowedOrigins = z
  .array(ZAllowedOrigin)
  .max(ALLOWED_ORIGINS_MAX, `At most ${ALLOWED_ORIGINS_MAX} websites.`)
  .transform((entries) => [...new Set(entries)]);

/**
 * The canonical form of an `Origin` header (`https://shop.example.com`), or null for `null`
 * (sandboxed frames, files, some redirects) and anything that is not an http(s) origin.
 */
export function canonicalOrigin(origin: string | null | undefined): string | null {
  if (!origin || origin === "null") return null;
  const parsed = parseAllowedOrigin(origin);
  return parsed.ok && !parsed.entry.includes("*") ? parsed.entry : null;
}

/**
 * Whether a page of `origin` may embed a bot whose list is `allowed` (canonical entries).
 * An empty list allows every origin, `null` included; otherwise `null` and malformed origins are refused.
 */
export function originAllowed(allowed: readonly string[], origin: string | null | undefined): boolean {
  if (allowed.length === 0) return true;
  const candidate = canonicalOrigin(origin);
  if (candidate === null) return false;
  const schemeEnd = candidate.indexOf("//") + 2;
  const scheme = candidate.slice(0, schemeEnd);
  const rest = candidate.slice(schemeEnd);
  const colon = rest.lastIndexOf(":");
  const host = colon >= 0 ? rest.slice(0, colon) : rest;
  const port = colon >= 0 ? rest.slice(colon) : "";
  return allowed.some((entry) => {
    if (entry === candidate) return true;
    if (!entry.startsWith(`${scheme}*.`)) return false;
    const pattern = entry.slice(scheme.length + 2);
    const patternColon = pattern.lastIndexOf(":");
    const base = patternColon >= 0 ? pattern.slice(0, patternColon) : pattern;
    const patternPort = patternColon >= 0 ? pattern.slice(patternColon) : "";
    return patternPort === port && host.endsWith(`.${base}`) && host.length > base.length + 1;
  });
}

/**
 * The source list of the widget page's `Content-Security-Policy: frame-ancestors` for a bot's
 * list: the entries themselves (CSP reads `https://*.example.com` the same way), `*` when empty.
 */
export function frameAncestorsSources(allowed: readonly string[]): string {
  return allowed.length === 0 ? "*" : allowed.join(" ");
}
