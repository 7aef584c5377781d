-- CreateEnum
CREATE TYPE "ProviderKind" AS ENUM ('OPENAI_COMPATIBLE', 'OLLAMA');

-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "activeEmbeddingKey" TEXT NOT NULL DEFAULT 'builtin',
ADD COLUMN     "answerThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.3,
ADD COLUMN     "chatModel" TEXT,
ADD COLUMN     "chatProviderId" TEXT,
ADD COLUMN     "embeddingModel" TEXT,
ADD COLUMN     "embeddingProviderId" TEXT;

-- AlterTable
ALTER TABLE "KnowledgeSource" ADD COLUMN     "category" TEXT,
ADD COLUMN     "chunksDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "chunksTotal" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "fileName" TEXT,
ADD COLUMN     "lastSyncChange" JSONB,
ADD COLUMN     "lastSyncedAt" TIMESTAMP(3),
ADD COLUMN     "nextSyncAt" TIMESTAMP(3),
ADD COLUMN     "syncIntervalHours" INTEGER;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "notice" TEXT;

-- CreateTable
CREATE TABLE "AiProvider" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProviderKind" NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKeyCiphertext" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AiProvider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChunkEmbedding" (
    "chunkId" TEXT NOT NULL,
    "modelKey" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "knowledgeBaseId" TEXT NOT NULL,
    "embedding" vector NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChunkEmbedding_pkey" PRIMARY KEY ("chunkId","modelKey")
);

-- CreateIndex
CREATE INDEX "AiProvider_tenantId_idx" ON "AiProvider"("tenantId");

-- CreateIndex
CREATE INDEX "ChunkEmbedding_tenantId_knowledgeBaseId_modelKey_idx" ON "ChunkEmbedding"("tenantId", "knowledgeBaseId", "modelKey");

-- CreateIndex
CREATE INDEX "KnowledgeSource_status_idx" ON "KnowledgeSource"("status");

-- CreateIndex
CREATE INDEX "KnowledgeSource_nextSyncAt_idx" ON "KnowledgeSource"("nextSyncAt");

-- AddForeignKey
ALTER TABLE "Bot" ADD CONSTRAINT "Bot_chatProviderId_fkey" FOREIGN KEY ("chatProviderId") REFERENCES "AiProvider"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bot" ADD CONSTRAINT "Bot_embeddingProviderId_fkey" FOREIGN KEY ("embeddingProviderId") REFERENCES "AiProvider"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiProvider" ADD CONSTRAINT "AiProvider_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChunkEmbedding" ADD CONSTRAINT "ChunkEmbedding_chunkId_fkey" FOREIGN KEY ("chunkId") REFERENCES "KnowledgeChunk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChunkEmbedding" ADD CONSTRAINT "ChunkEmbedding_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
