-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;
