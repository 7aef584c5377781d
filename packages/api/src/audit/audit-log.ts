import { type Db, type Prisma } from "@kefu/db";
import { AUDIT_CSV_COLUMNS, toCsv, type AuditFilter } from "@kefu/domain";

/**
 * Reading the audit log of one tenant (owners only: "audit.read"). Newest first; the export runs
 * the same query as the list, so the CSV holds exactly the rows the page shows for a filter.
 */
const FIELDS = {
  id: true,
  createdAt: true,
  actorId: true,
  actorEmail: true,
  action: true,
  targetIds: true,
  outcome: true,
  errorCode: true,
  ip: true,
  userAgent: true,
  details: true,
} as const;

/** The most rows one export holds; past it the file says so in its last line and the range should be narrowed. */
export const EXPORT_MAX_ROWS = 10_000;

function whereOf(tenantId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.actor) and.push({ OR: [{ actorId: filter.actor }, { actorEmail: { contains: filter.actor, mode: "insensitive" } }] });
  if (filter.action) {
    const prefix = filter.action.endsWith(".") ? filter.action : `${filter.action}.`;
    and.push({ OR: [{ action: filter.action }, { action: { startsWith: prefix } }] });
  }
  if (filter.target) and.push({ targetIds: { has: filter.target } });
  if (filter.outcome) and.push({ outcome: filter.outcome });
  if (filter.from || filter.to) and.push({ createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } });
  return { tenantId, AND: and };
}

const ORDER = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.AuditEventOrderByWithRelationInput[];

export async function listAuditEvents(db: Db, tenantId: string, input: { filter: AuditFilter; cursor?: string; limit: number }) {
  const rows = await db.auditEvent.findMany({
    where: whereOf(tenantId, input.filter),
    orderBy: ORDER,
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: FIELDS,
  });
  const events = rows.slice(0, input.limit);
  return { events, nextCursor: rows.length > input.limit ? (events.at(-1)?.id ?? null) : null };
}

export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>["events"][number];

/** The filtered log as CSV (columns AUDIT_CSV_COLUMNS), read in pages of 1,000. */
export async function exportAuditEvents(db: Db, tenantId: string, filter: AuditFilter) {
  const rows: AuditEventRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listAuditEvents(db, tenantId, { filter, cursor, limit: Math.min(1_000, EXPORT_MAX_ROWS - rows.length) });
    rows.push(...page.events);
    if (!page.nextCursor || rows.length >= EXPORT_MAX_ROWS) {
      const truncated = page.nextCursor !== null;
      const lines = [[...AUDIT_CSV_COLUMNS], ...rows.map(csvRow)];
      if (truncated) lines.push([`# only the newest ${EXPORT_MAX_ROWS} events: narrow the date range for the rest`]);
      return { csv: toCsv(lines), rows: rows.length, truncated };
    }
    cursor = page.nextCursor;
  }
}

function csvRow(event: AuditEventRow): string[] {
  return [
    event.createdAt.toISOString(),
    event.actorId ?? "",
    event.actorEmail ?? "",
    event.action,
    event.targetIds.join(" "),
    event.outcome,
    event.errorCode ?? "",
    event.ip ?? "",
    event.userAgent ?? "",
    JSON.stringify(event.details),
  ];
}
