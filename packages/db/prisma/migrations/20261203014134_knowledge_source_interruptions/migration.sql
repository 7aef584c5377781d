-- AlterTable
ALTER TABLE "KnowledgeSource" ADD COLUMN     "interruptions" INTEGER NOT NULL DEFAULT 0;
