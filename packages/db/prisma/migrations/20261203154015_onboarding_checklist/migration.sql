-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "snippetCopiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "onboardingDismissedAt" TIMESTAMP(3);
