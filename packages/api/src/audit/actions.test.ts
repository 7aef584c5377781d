import { AUDIT_ACTIONS, AUDIT_EVENTS } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { adminRouter } from "../admin.ts";
import { UNAUDITED_MUTATIONS } from "../platform/audit-trail.ts";
import { tenantProcedure } from "../platform/trpc.ts";

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  middlewares: unknown[];
}

/**
 * The actions the audit log can hold: each mutation that runs tenantProcedure's recording middleware
 * (its last one), less UNAUDITED_MUTATIONS, and the events recorded by hand. The dashboard labels
 * exactly AUDIT_ACTIONS (apps/admin checks every one has words in English and Chinese).
 */
function writtenActions(): string[] {
  const recording = (tenantProcedure as unknown as { _def: ProcedureDef })._def.middlewares.at(-1);
  const procedures = (adminRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures;
  const mutations = Object.entries(procedures)
    .filter(([path, procedure]) => procedure._def.type === "mutation" && procedure._def.middlewares.includes(recording) && !UNAUDITED_MUTATIONS.has(path))
    .map(([path]) => path);
  return [...new Set([...mutations, ...Object.values(AUDIT_EVENTS)])].sort();
}

describe("AUDIT_ACTIONS", () => {
  it("is every action the audit log records, and nothing else", () => {
    const written = writtenActions();
    // Sanity: the router walk finds the dashboard's mutations and the hand-recorded events.
    expect(written).toContain("inbox.resolve");
    expect(written).toContain("bot.update");
    expect(written).toContain(AUDIT_EVENTS.login);
    expect(written).not.toContain("inbox.typing");
    expect([...AUDIT_ACTIONS].sort()).toEqual(written);
  });
});
