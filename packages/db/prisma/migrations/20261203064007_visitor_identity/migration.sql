-- AlterTable
ALTER TABLE "Bot" ADD COLUMN     "identitySecretCiphertext" TEXT,
ADD COLUMN     "identitySecretCreatedAt" TIMESTAMP(3),
ADD COLUMN     "requireVerifiedIdentity" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Visitor" ADD COLUMN     "attributesVerified" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "claimedUserId" TEXT,
ADD COLUMN     "verifiedUserId" TEXT;

-- CreateTable
CREATE TABLE "VisitorToken" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VisitorToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VisitorToken_tokenHash_key" ON "VisitorToken"("tokenHash");

-- CreateIndex
CREATE INDEX "VisitorToken_visitorId_idx" ON "VisitorToken"("visitorId");

-- CreateIndex
CREATE UNIQUE INDEX "Visitor_botId_verifiedUserId_key" ON "Visitor"("botId", "verifiedUserId");

-- AddForeignKey
ALTER TABLE "VisitorToken" ADD CONSTRAINT "VisitorToken_visitorId_fkey" FOREIGN KEY ("visitorId") REFERENCES "Visitor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

