import { AUDIT_EVENTS } from "@kefu/domain";
import { adminRouter } from "../admin.ts";
import { UNAUDITED_MUTATIONS } from "../platform/audit-trail.ts";
import { tenantProcedure } from "../platform/trpc.ts";

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  middlewares: unknown[];
}

/**
 * Every action the audit log can hold, read from the admin router itself: each mutation that runs
 * tenantProcedure's recording middleware (its last one), less UNAUDITED_MUTATIONS, and the events
 * recorded by hand (AUDIT_EVENTS). The dashboard tests that each has words in English and Chinese.
 */
export function recordedAuditActions(): string[] {
  const recording = (tenantProcedure as unknown as { _def: ProcedureDef })._def.middlewares.at(-1);
  const procedures = (adminRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures;
  const mutations = Object.entries(procedures)
    .filter(([path, procedure]) => procedure._def.type === "mutation" && procedure._def.middlewares.includes(recording) && !UNAUDITED_MUTATIONS.has(path))
    .map(([path]) => path);
  return [...new Set([...mutations, ...Object.values(AUDIT_EVENTS)])].sort();
}
