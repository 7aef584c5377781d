-- AlterTable
ALTER TABLE "KnowledgeSource" ADD COLUMN     "intent" TEXT;

-- CreateIndex
CREATE INDEX "KnowledgeSource_tenantId_knowledgeBaseId_intent_idx" ON "KnowledgeSource"("tenantId", "knowledgeBaseId", "intent");
