-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "prechatForm" JSONB;

-- AlterTable
ALTER TABLE "Visitor" ADD COLUMN     "prechatAnswers" JSONB;
