import { type Db } from "@kefu/db";
import { sendMail } from "../notifications/index.ts";
import { type ApiEnv, readApiEnv } from "../platform/env.ts";
import { workerLogger } from "../platform/logger.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { weeklySummary, type WeekFigures, type WeeklySummary } from "./weekly-summary.ts";

/**
 * The weekly summary e-mail: once a week per tenant (from Monday 00:00 UTC), to its owners and
 * admins, in the language of most of its bots. A row per tenant and week is claimed before
 * sending (unique), so an hourly job, a restart or a second process never sends a week twice.
 */

type Language = "en" | "zh";

/** Monday 00:00 UTC of the week `now` is in. */
export function weekStartOf(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day;
}

// Rates are percentages, as the analytics dashboard gives them.
const percent = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate)}%`);
const score = (csat: number | null) => (csat === null ? "—" : csat.toFixed(1));

const WORDS = {
  en: {
    subject: (name: string) => `Kefu weekly summary: ${name}`,
    intro: (name: string, w: WeekFigures) => `How your bots did for ${name} from ${w.from} to ${w.to}, against the week before.`,
    resolution: "Resolved by the bot",
    csat: "Customer satisfaction",
    ratings: (n: number) => `${n} ratings`,
    conversations: "Conversations",
    knowledge: "Knowledge",
    knowledgeChange: (w: WeekFigures) => `${w.knowledgeAdded} added, ${w.knowledgeEdited} edited`,
    tests: "Test pass rate",
    before: "before",
    gaps: "Most asked questions the bot could not answer:",
    noGaps: "No unanswered questions this week.",
    times: (n: number) => `${n}×`,
    open: "Open the Improve page",
  },
  zh: {
    subject: (name: string) => `Kefu 每周概况：${name}`,
    intro: (name: string, w: WeekFigures) => `${name} 的机器人在 ${w.from} 至 ${w.to} 的表现，并与前一周对比。`,
    resolution: "机器人解决率",
    csat: "客户满意度",
    ratings: (n: number) => `${n} 条评分`,
    conversations: "会话数",
    knowledge: "知识",
    knowledgeChange: (w: WeekFigures) => `新增 ${w.knowledgeAdded} 条，修改 ${w.knowledgeEdited} 条`,
    tests: "测试通过率",
    before: "前一周",
    gaps: "机器人没能回答的常见问题：",
    noGaps: "本周没有未解答的问题。",
    times: (n: number) => `${n} 次`,
    open: "打开“优化”页面",
  },
} as const;

/** The e-mail's subject and plain text. */
export function weeklySummaryMail(summary: WeeklySummary, input: { tenantName: string; language: Language; dashboardUrl: string }) {
  const w = WORDS[input.language];
  const { thisWeek: now, lastWeek: before } = summary;
  const line = (label: string, value: string, previous: string) => `${label}: ${value} (${w.before}: ${previous})`;
  const lines = [
    w.intro(input.tenantName, now),
    "",
    line(w.resolution, percent(now.aiResolutionRate), percent(before.aiResolutionRate)),
    line(w.csat, `${score(now.csatAverage)} / 5, ${w.ratings(now.csatCount)}`, score(before.csatAverage)),
    line(w.conversations, String(now.conversations), String(before.conversations)),
    line(w.knowledge, w.knowledgeChange(now), w.knowledgeChange(before)),
    line(w.tests, percent(now.testPassRate), percent(before.testPassRate)),
    "",
    summary.topGaps.length === 0 ? w.noGaps : w.gaps,
    ...summary.topGaps.map((g) => `- ${g.label} (${g.botName}): ${w.times(g.missed)}`),
    "",
    `${w.open}: ${input.dashboardUrl.replace(/\/$/, "")}/improve`,
  ];
  return { subject: w.subject(input.tenantName), text: lines.join("\n") };
}

/** The language of most of the tenant's bots (English on a tie or without bots). */
async function tenantLanguage(db: Db, tenantId: string): Promise<Language> {
  const counts = await db.bot.groupBy({ by: ["language"], where: { tenantId }, _count: { _all: true } });
  const of = (language: Language) => counts.find((c) => c.language === language)?._count._all ?? 0;
  return of("zh") > of("en") ? "zh" : "en";
}

/**
 * Sends this week's summary to every tenant with a bot that has not had it yet. Does nothing
 * without SMTP. A tenant whose every e-mail failed for a passing reason is tried again on the next
 * call; a permanent failure (refused address) is recorded on its row.
 */
export async function sendWeeklySummaries(db: Db, options: { now?: Date; env?: Pick<ApiEnv, "KEFU_SMTP_URL" | "KEFU_MAIL_FROM" | "NEXTAUTH_URL"> } = {}) {
  const env = options.env ?? readApiEnv();
  const now = options.now ?? new Date();
  if (!env.KEFU_SMTP_URL) return { sent: 0 };
  const weekStart = weekStartOf(now);
  const tenants = await db.tenant.findMany({
    where: { bots: { some: {} }, weeklySummaries: { none: { weekStart } } },
    select: { id: true, name: true },
    orderBy: { createdAt: "asc" },
  });
  let sent = 0;
  for (const tenant of tenants) {
    try {
      sent += await sendTenantSummary(db, { tenant, weekStart, now, env });
    } catch (error) {
      workerLogger("weekly-summary").error({ err: error, tenantId: tenant.id }, "weekly_summary.failed");
    }
  }
  return { sent };
}

async function sendTenantSummary(
  db: Db,
  input: { tenant: { id: string; name: string }; weekStart: Date; now: Date; env: Pick<ApiEnv, "KEFU_SMTP_URL" | "KEFU_MAIL_FROM" | "NEXTAUTH_URL"> },
): Promise<number> {
  const { tenant, weekStart, env } = input;
  const claimed = await db.weeklySummaryDelivery.create({ data: { tenantId: tenant.id, weekStart }, select: { id: true } }).catch((error: unknown) => {
    if (isUniqueViolation(error)) return null; // another process has this week
    throw error;
  });
  if (!claimed) return 0;
  const [summary, language, members] = await Promise.all([
    weeklySummary(db, tenant.id, { now: input.now, completeDays: true }),
    tenantLanguage(db, tenant.id),
    db.membership.findMany({ where: { tenantId: tenant.id, role: { in: ["OWNER", "ADMIN"] } }, select: { user: { select: { email: true } } } }),
  ]);
  const mail = weeklySummaryMail(summary, { tenantName: tenant.name, language, dashboardUrl: env.NEXTAUTH_URL ?? "http://localhost:3000" });
  let delivered = 0;
  let retry = false;
  const errors: string[] = [];
  for (const { user } of members) {
    const result = await sendMail(env, { to: user.email, ...mail });
    if (result.ok) delivered++;
    else {
      errors.push(result.error);
      if (!result.permanent) retry = true;
    }
  }
  if (delivered === 0 && retry) {
    // Nothing went out for a passing reason: the claim is given back for the next run.
    await db.weeklySummaryDelivery.deleteMany({ where: { id: claimed.id, tenantId: tenant.id } });
    return 0;
  }
  await db.weeklySummaryDelivery.update({ where: { id: claimed.id }, data: { recipients: delivered, sentAt: new Date(), error: errors[0]?.slice(0, 500) ?? null } });
  return delivered;
}
