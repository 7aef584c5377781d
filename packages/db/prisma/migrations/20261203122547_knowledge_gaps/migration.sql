-- CreateEnum
CREATE TYPE "KnowledgeGapStatus" AS ENUM ('COVERED', 'DISMISSED');

-- CreateTable
CREATE TABLE "KnowledgeGap" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "clusterKey" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "phrasings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "KnowledgeGapStatus" NOT NULL,
    "sourceId" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KnowledgeGap_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnowledgeGap_tenantId_botId_decidedAt_idx" ON "KnowledgeGap"("tenantId", "botId", "decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "KnowledgeGap_tenantId_botId_clusterKey_key" ON "KnowledgeGap"("tenantId", "botId", "clusterKey");

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
