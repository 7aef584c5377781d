-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "escalationCooldown" JSONB;
