-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "appearance" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "avatarUrl" TEXT;
