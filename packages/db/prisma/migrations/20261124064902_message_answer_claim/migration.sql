-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "answerClaimedAt" TIMESTAMP(3);
