import { readinessResponse } from "@kefu/api";
import { getDb } from "@kefu/db";

// Readiness: 200 when the database and the queue answer in time, else 503 naming what failed
// (packages/api/src/platform/health.ts).
export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return readinessResponse(getDb);
}
