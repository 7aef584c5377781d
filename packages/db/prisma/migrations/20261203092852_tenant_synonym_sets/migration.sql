-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "synonymsVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SynonymSet" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "terms" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SynonymSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SynonymSet_tenantId_createdAt_idx" ON "SynonymSet"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "SynonymSet" ADD CONSTRAINT "SynonymSet_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
