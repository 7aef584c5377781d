import { type Db } from "@kefu/db";
import { ROLES, roleCan, type MemberRole } from "@kefu/domain";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { adminRouter } from "../admin.ts";
import { UNAUDITED_MUTATIONS } from "../platform/audit-trail.ts";
import { publicRouter } from "../public.ts";
import { ACCESS_CASES, type AccessCase } from "./access-cases.ts";
import { markersOf, tenantWithEverything, type TenantFixture } from "./access-fixture.ts";
import { useTestDb, visitorCaller } from "./index.ts";

// Every procedure of both routers × every role × the same and another tenant, read from the routers
// themselves: a call that succeeds where the access table says it must not fails the test, and so
// does a refusal where the table says it is allowed (proving the inputs are valid, so that each
// refusal is the access check's, not the input's).
const t = useTestDb();

const adminPaths = Object.keys(adminRouter._def.procedures);
const publicPaths = Object.keys(publicRouter._def.procedures);
const allPaths = [...adminPaths, ...publicPaths];
const typeOf = (path: string) =>
  ((adminRouter._def.procedures as Record<string, unknown>)[path] ?? (publicRouter._def.procedures as Record<string, unknown>)[path]) as { _def: { type: string } };
const isMutation = (path: string) => typeOf(path)._def.type === "mutation";

type Outcome = { ok: true; value: unknown } | { ok: false; code: TRPCError["code"] | "NOT_TRPC"; message: string };

/** Calls `path` on a caller; a streamed result is read briefly (a subscription never ends) and closed. */
async function call(caller: object, path: string, input: unknown): Promise<Outcome> {
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    const value = await procedure(input);
    return { ok: true, value: isAsyncIterable(value) ? await readBriefly(value) : value };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: "NOT_TRPC", message: String(error) };
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> => typeof value === "object" && value !== null && Symbol.asyncIterator in value;

async function readBriefly(stream: AsyncIterable<unknown>, ms = 300): Promise<unknown[]> {
  const iterator = stream[Symbol.asyncIterator]();
  const events: unknown[] = [];
  const deadline = Date.now() + ms;
  try {
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const next = await Promise.race([iterator.next(), new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), left))]);
      if (next === "timeout" || next.done) break;
      events.push(next.value);
    }
  } finally {
    void iterator.return?.();
  }
  return events;
}

const describeOutcome = (outcome: Outcome) => (outcome.ok ? "success" : `${outcome.code} (${outcome.message.slice(0, 120)})`);

/** The caller of `path`'s router acting as `who` of a fixture. */
function callerFor(f: TenantFixture, who: MemberRole | "anonymous") {
  return who === "anonymous" ? f.anonymous : f.callers[who];
}

function rolesAllowed(c: AccessCase): MemberRole[] {
  if (c.access.kind === "member") return [...ROLES];
  if (c.access.kind === "permission") {
    const permission = c.access.permission;
    return ROLES.filter((role) => roleCan(role, permission));
  }
  return [];
}

/**
 * Tables a refused call may write to by design: the audit log records refused attempts, and rate
 * limit counters count them.
 */
const RECORDS_REFUSALS = new Set(["AuditEvent", "RateLimit"]);

/** A fingerprint of every table's rows: what a refused call must leave as it found it. */
async function databaseFingerprint(db: Db): Promise<Map<string, string>> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%' ORDER BY table_name`,
  );
  const fingerprint = new Map<string, string>();
  for (const { table_name: table } of tables.filter((t) => !RECORDS_REFUSALS.has(t.table_name))) {
    const [row] = await db.$queryRawUnsafe<{ hash: string }[]>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS hash FROM "${table}" x`);
    fingerprint.set(table, row!.hash);
  }
  return fingerprint;
}

const leaks = (value: unknown, markers: string[]) => {
  const text = JSON.stringify(value) ?? "";
  return markers.filter((marker) => text.includes(marker));
};

describe("access table: every procedure × role × tenant", () => {
  let a: TenantFixture;
  let b: TenantFixture;
  beforeAll(async () => {
    vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 5).toString("base64"));
    a = await tenantWithEverything(t.db, "TenantA");
    b = await tenantWithEverything(t.db, "TenantB");
  });

  it("lists every procedure of the routers, and nothing else", () => {
    expect(allPaths.filter((path) => !(path in ACCESS_CASES)), "procedures missing from ACCESS_CASES (testing/access-cases.ts)").toEqual([]);
    expect(Object.keys(ACCESS_CASES).filter((path) => !allPaths.includes(path)), "rows of ACCESS_CASES with no procedure").toEqual([]);
  });

  it("refuses anonymous callers, roles without the permission and other tenants, changing nothing", async () => {
    const problems: string[] = [];
    const before = await databaseFingerprint(t.db);
    const aMarkers = markersOf(a);
    for (const path of allPaths) {
      const c = ACCESS_CASES[path];
      if (!c) continue;
      const input = c.input(a);
      if (c.access.kind === "member" || c.access.kind === "permission") {
        const anonymous = await call(callerFor(a, "anonymous"), path, input);
        if (anonymous.ok || anonymous.code !== "UNAUTHORIZED") problems.push(`${path} anonymous: expected UNAUTHORIZED, got ${describeOutcome(anonymous)}`);
        const allowed = rolesAllowed(c);
        for (const role of ROLES.filter((r) => !allowed.includes(r))) {
          const outcome = await call(callerFor(a, role), path, input);
          if (outcome.ok || outcome.code !== "FORBIDDEN") problems.push(`${path} as ${role}: expected FORBIDDEN, got ${describeOutcome(outcome)}`);
        }
        if (c.cross === "own" && isMutation(path)) continue;
        if (c.cross === "open") continue;
        // The other tenant's owner holds every permission: only tenant scoping stands in the way.
        const outcome = await call(callerFor(b, "OWNER"), path, input);
        if (c.cross === "refused") {
          if (outcome.ok || !["NOT_FOUND", "FORBIDDEN"].includes(outcome.code)) {
            problems.push(`${path} by another tenant: expected NOT_FOUND or FORBIDDEN, got ${describeOutcome(outcome)}`);
          }
        } else if (!outcome.ok) {
          problems.push(`${path} by another tenant: expected an answer without tenant A's data, got ${describeOutcome(outcome)}`);
        } else if (leaks(outcome.value, aMarkers).length > 0) {
          problems.push(`${path} by another tenant leaked ${leaks(outcome.value, aMarkers).join(", ")}`);
        }
      } else if (c.access.kind === "visitor") {
        // A's bot with B's visitor token, and B's bot with A's token.
        for (const crossed of [{ ...(input as object), visitorToken: b.visitorToken }, { ...(input as object), botId: b.bot.publicId }]) {
          const outcome = await call(visitorCaller(t.db), path, crossed);
          if (outcome.ok || outcome.code !== "UNAUTHORIZED") problems.push(`${path} with another bot's visitor token: expected UNAUTHORIZED, got ${describeOutcome(outcome)}`);
        }
        const anonymous = await call(visitorCaller(t.db), path, { ...(input as object), visitorToken: "not-a-token-0000000000" });
        if (anonymous.ok || anonymous.code !== "UNAUTHORIZED") problems.push(`${path} with a made-up visitor token: expected UNAUTHORIZED, got ${describeOutcome(anonymous)}`);
      }
    }
    expect(problems).toEqual([]);
    const after = await databaseFingerprint(t.db);
    const changed = [...before.keys()].filter((table) => before.get(table) !== after.get(table));
    expect(changed, "tables changed by refused calls").toEqual([]);
  });

  it("lets every allowed role through, with the table's inputs", { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    // A call that changes or deletes a tenant's things gets a tenant of its own, so that it does
    // not disturb the calls after it; calls that only add to a tenant share one.
    const scratch = await tenantWithEverything(t.db, "Scratch");
    for (const path of allPaths) {
      const c = ACCESS_CASES[path];
      if (!c) continue;
      const mutation = isMutation(path);
      const fixture = async () => (!mutation ? a : c.cross === "own" || c.cross === "open" ? scratch : tenantWithEverything(t.db, "Allowed"));
      // Permissions nest (AGENT ⊂ ADMIN ⊂ OWNER): a mutation is sent by its least role only.
      const roles = rolesAllowed(c);
      const callers: { who: string; caller: (f: TenantFixture) => object }[] =
        c.access.kind === "public" || c.access.kind === "visitor"
          ? [{ who: c.access.kind, caller: (f) => (adminPaths.includes(path) ? f.anonymous : visitorCaller(t.db)) }]
          : (mutation ? roles.slice(-1) : roles).map((role) => ({ who: role, caller: (f) => callerFor(f, role) }));
      for (const { who, caller } of callers) {
        const f = await fixture();
        await c.before?.(f, caller(f));
        // Every member's mutation is in the audit log, by the procedure builder alone: one entry each.
        const audited = mutation && (c.access.kind === "member" || c.access.kind === "permission") && !UNAUDITED_MUTATIONS.has(path);
        const entries = () => t.db.auditEvent.count({ where: { action: path } });
        const entriesBefore = audited ? await entries() : 0;
        const outcome = await call(caller(f), path, c.input(f));
        const expected = c.allowedError;
        if (expected ? outcome.ok || outcome.code !== expected : !outcome.ok) {
          problems.push(`${path} as ${who}: expected ${expected ?? "success"}, got ${describeOutcome(outcome)}`);
        }
        if (audited && (await entries()) !== entriesBefore + 1) problems.push(`${path} as ${who}: expected one audit log entry`);
      }
    }
    expect(problems).toEqual([]);
  });
});
