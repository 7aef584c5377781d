-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "targetPrecision" DOUBLE PRECISION NOT NULL DEFAULT 0.9;

-- CreateTable
CREATE TABLE "KnowledgeCalibration" (
    "knowledgeBaseId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "contentVersion" TIMESTAMP(3) NOT NULL,
    "curve" JSONB,
    "detail" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KnowledgeCalibration_pkey" PRIMARY KEY ("knowledgeBaseId")
);

-- CreateIndex
CREATE INDEX "KnowledgeCalibration_tenantId_idx" ON "KnowledgeCalibration"("tenantId");

-- AddForeignKey
ALTER TABLE "KnowledgeCalibration" ADD CONSTRAINT "KnowledgeCalibration_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeCalibration" ADD CONSTRAINT "KnowledgeCalibration_knowledgeBaseId_fkey" FOREIGN KEY ("knowledgeBaseId") REFERENCES "KnowledgeBase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
