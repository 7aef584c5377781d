-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "allowedOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[];
