import { type Db, type DbTx, Prisma } from "@kefu/db";
import { isWithinBusinessHours, nextOpening, notFound, WEEKDAYS, type UpdateBusinessHoursRequest } from "@kefu/domain";
import { touchBots } from "../bots/index.ts";
import { businessHoursOf } from "./escalation-state.ts";

const EMPTY_WEEK = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as string[]])) as Record<(typeof WEEKDAYS)[number], string[]>;

/**
 * The tenant's business hours: its IANA time zone (Tenant.timeZone) and, in Tenant.businessHours,
 * the weekly schedule and holidays; no schedule means always open. `openNow`/`nextOpening` let
 * the settings page confirm what the schedule means right now.
 */
export async function getBusinessHours(db: DbTx, tenantId: string, now = new Date()) {
  const tenant = await db.tenant.findFirst({ where: { id: tenantId }, select: { timeZone: true } });
  if (!tenant) throw notFound("workspace");
  const hours = await businessHoursOf(db, tenantId);
  return {
    timeZone: tenant.timeZone,
    enabled: hours !== null,
    weekly: hours?.weekly ?? EMPTY_WEEK,
    holidays: hours?.holidays ?? [],
    openNow: hours ? isWithinBusinessHours(hours, now) : true,
    nextOpening: hours ? nextOpening(hours, now) : null,
  };
}

export async function updateBusinessHours(db: Db, tenantId: string, input: UpdateBusinessHoursRequest) {
  const holidays = [...new Set(input.holidays)].sort();
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, input.weekly[d]]));
  const { count } = await db.tenant.updateMany({
    where: { id: tenantId },
    data: { timeZone: input.timeZone, businessHours: input.enabled ? { weekly, holidays } : Prisma.DbNull },
  });
  if (count === 0) throw notFound("workspace");
  // The "outside business hours" rule of every bot reads them (cached per bot).
  await touchBots(db, tenantId);
  return getBusinessHours(db, tenantId);
}
