import { type Db } from "@kefu/db";

/** Who is calling. Admin apps fill `userId` from the next-auth session. */
export interface ApiContext {
  db: Db;
  userId: string | null;
  /** Correlates a client-visible error with the server log line. */
  requestId: string;
  log: (event: string, details: Record<string, unknown>) => void;
}

export function createApiContext(input: { db: Db; userId?: string | null; requestId?: string }): ApiContext {
  return {
    db: input.db,
    userId: input.userId ?? null,
    requestId: input.requestId ?? crypto.randomUUID(),
    log: (event, details) => console.error(JSON.stringify({ level: "error", event, ...details })),
  };
}
