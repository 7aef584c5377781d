-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "suggestions" JSONB NOT NULL DEFAULT '[]';
