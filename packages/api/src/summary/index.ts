export { summaryRouter } from "./router.ts";
export { sendWeeklySummaries, weeklySummaryMail, weekStartOf } from "./weekly-email.ts";
export { weeklySummary, type WeeklySummary } from "./weekly-summary.ts";
