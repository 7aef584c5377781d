-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "maskStoredPii" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "piiPatterns" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "redactPii" BOOLEAN NOT NULL DEFAULT true;
