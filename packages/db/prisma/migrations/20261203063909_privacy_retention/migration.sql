-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "retentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "privacyNotice" TEXT,
ADD COLUMN     "privacyNoticeUrl" TEXT;

-- CreateTable
CREATE TABLE "RetentionPurge" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "cutoff" TIMESTAMP(3) NOT NULL,
    "counts" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetentionPurge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetentionPurge_tenantId_createdAt_idx" ON "RetentionPurge"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Visitor_tenantId_lastSeenAt_idx" ON "Visitor"("tenantId", "lastSeenAt");

-- AddForeignKey
ALTER TABLE "RetentionPurge" ADD CONSTRAINT "RetentionPurge_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
