-- CreateTable
CREATE TABLE "AnalyticsDaily" (
    "tenantId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "metric" TEXT NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "value" INTEGER NOT NULL,

    CONSTRAINT "AnalyticsDaily_pkey" PRIMARY KEY ("tenantId","day","botId","metric","dimension")
);

-- CreateTable
CREATE TABLE "AnalyticsConversation" (
    "conversationId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "counters" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsConversation_pkey" PRIMARY KEY ("conversationId")
);

-- CreateTable
CREATE TABLE "AnalyticsCursor" (
    "tenantId" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "lastSeq" BIGINT NOT NULL DEFAULT 0,
    "rebuildAfterId" TEXT,
    "rebuilding" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnalyticsCursor_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "AnalyticsConversation_tenantId_idx" ON "AnalyticsConversation"("tenantId");

-- CreateIndex
CREATE INDEX "Message_tenantId_createdAt_idx" ON "Message"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "AnalyticsDaily" ADD CONSTRAINT "AnalyticsDaily_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsConversation" ADD CONSTRAINT "AnalyticsConversation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnalyticsCursor" ADD CONSTRAINT "AnalyticsCursor_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
