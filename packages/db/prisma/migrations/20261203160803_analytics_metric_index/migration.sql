-- CreateIndex
CREATE INDEX "AnalyticsDaily_tenantId_metric_day_botId_idx" ON "AnalyticsDaily"("tenantId", "metric", "day", "botId");
