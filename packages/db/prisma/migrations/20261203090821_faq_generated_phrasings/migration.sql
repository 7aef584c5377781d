-- CreateEnum
CREATE TYPE "PhrasingStatus" AS ENUM ('NONE', 'QUEUED', 'GENERATING', 'READY', 'FAILED');

-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "rewriteQuestions" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "KnowledgeBase" ADD COLUMN     "phrasingModel" TEXT,
ADD COLUMN     "phrasingProviderId" TEXT;

-- AlterTable
ALTER TABLE "KnowledgeSource" ADD COLUMN     "generatedAlternatives" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "phrasingError" TEXT,
ADD COLUMN     "phrasingHash" TEXT,
ADD COLUMN     "phrasingStatus" "PhrasingStatus" NOT NULL DEFAULT 'NONE',
ADD COLUMN     "rejectedAlternatives" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AddForeignKey
ALTER TABLE "KnowledgeBase" ADD CONSTRAINT "KnowledgeBase_phrasingProviderId_fkey" FOREIGN KEY ("phrasingProviderId") REFERENCES "AiProvider"("id") ON DELETE SET NULL ON UPDATE CASCADE;
