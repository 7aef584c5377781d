-- AlterEnum
ALTER TYPE "SourceKind" ADD VALUE 'URL';

-- AlterTable
ALTER TABLE "KnowledgeSource" ADD COLUMN     "url" TEXT;
