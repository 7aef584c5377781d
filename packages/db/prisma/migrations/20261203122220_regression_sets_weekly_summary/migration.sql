-- CreateEnum
CREATE TYPE "RegressionTrigger" AS ENUM ('MANUAL', 'KNOWLEDGE_CHANGE');

-- CreateEnum
CREATE TYPE "RegressionRunStatus" AS ENUM ('RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "RegressionSet" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "autoRun" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegressionSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegressionCase" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "expectedSourceIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "origin" TEXT NOT NULL DEFAULT 'typed',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegressionCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegressionRun" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "trigger" "RegressionTrigger" NOT NULL,
    "status" "RegressionRunStatus" NOT NULL DEFAULT 'RUNNING',
    "knowledgeBaseId" TEXT,
    "knowledgeVersion" TIMESTAMP(3),
    "changes" JSONB NOT NULL DEFAULT '[]',
    "total" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "newFailures" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedById" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RegressionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegressionResult" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "expectedSourceIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "passed" BOOLEAN NOT NULL,
    "newFailure" BOOLEAN NOT NULL DEFAULT false,
    "decision" TEXT NOT NULL,
    "citedSourceId" TEXT,
    "citedTitle" TEXT,
    "confidence" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RegressionResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WeeklySummaryDelivery" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "weekStart" TIMESTAMP(3) NOT NULL,
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WeeklySummaryDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RegressionSet_tenantId_botId_idx" ON "RegressionSet"("tenantId", "botId");

-- CreateIndex
CREATE INDEX "RegressionCase_tenantId_setId_idx" ON "RegressionCase"("tenantId", "setId");

-- CreateIndex
CREATE INDEX "RegressionRun_tenantId_setId_startedAt_idx" ON "RegressionRun"("tenantId", "setId", "startedAt");

-- CreateIndex
CREATE INDEX "RegressionResult_tenantId_caseId_idx" ON "RegressionResult"("tenantId", "caseId");

-- CreateIndex
CREATE UNIQUE INDEX "RegressionResult_runId_caseId_key" ON "RegressionResult"("runId", "caseId");

-- CreateIndex
CREATE UNIQUE INDEX "WeeklySummaryDelivery_tenantId_weekStart_key" ON "WeeklySummaryDelivery"("tenantId", "weekStart");

-- AddForeignKey
ALTER TABLE "RegressionSet" ADD CONSTRAINT "RegressionSet_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionSet" ADD CONSTRAINT "RegressionSet_botId_fkey" FOREIGN KEY ("botId") REFERENCES "Bot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionCase" ADD CONSTRAINT "RegressionCase_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionCase" ADD CONSTRAINT "RegressionCase_setId_fkey" FOREIGN KEY ("setId") REFERENCES "RegressionSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionRun" ADD CONSTRAINT "RegressionRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionRun" ADD CONSTRAINT "RegressionRun_setId_fkey" FOREIGN KEY ("setId") REFERENCES "RegressionSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionResult" ADD CONSTRAINT "RegressionResult_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionResult" ADD CONSTRAINT "RegressionResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RegressionRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegressionResult" ADD CONSTRAINT "RegressionResult_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "RegressionCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WeeklySummaryDelivery" ADD CONSTRAINT "WeeklySummaryDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
