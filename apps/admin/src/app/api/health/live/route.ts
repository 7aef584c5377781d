import { livenessResponse } from "@kefu/api";

// Liveness: 200 while the process serves; no I/O (packages/api/src/platform/health.ts).
export const dynamic = "force-dynamic";

export function GET(): Response {
  return livenessResponse();
}
