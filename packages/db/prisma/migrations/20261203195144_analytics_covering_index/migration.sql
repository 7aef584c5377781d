-- The rollup's metric index also carries each row's dimension and value (INCLUDE), so a period's
-- read is an index-only scan: at 1M messages a tenant's 90 days are ~7,000 rows on as many heap
-- pages, against ~100 index pages (docs/benchmarks.md). Prisma's schema cannot say INCLUDE: the
-- index keeps its name and columns there (schema.prisma, AnalyticsDaily).
DROP INDEX "AnalyticsDaily_tenantId_metric_day_botId_idx";
CREATE INDEX "AnalyticsDaily_tenantId_metric_day_botId_idx" ON "AnalyticsDaily"("tenantId", "metric", "day", "botId") INCLUDE ("dimension", "value");
