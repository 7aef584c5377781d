-- CreateTable
CREATE TABLE "DeletedEscalationRule" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletedEscalationRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeletedEscalationRule_tenantId_idx" ON "DeletedEscalationRule"("tenantId");

-- AddForeignKey
ALTER TABLE "DeletedEscalationRule" ADD CONSTRAINT "DeletedEscalationRule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Rules deleted before this table existed whose escalations the rollup still counts: their last
-- name from the audit log (the latest successful create or rename naming them).
INSERT INTO "DeletedEscalationRule" ("id", "tenantId", "botId", "name")
SELECT DISTINCT ON (d."dimension") d."dimension", d."tenantId", d."botId", a."details"->>'name'
FROM "AnalyticsDaily" d
JOIN "AuditEvent" a ON a."tenantId" = d."tenantId" AND a."action" IN ('rule.create', 'rule.update')
  AND a."outcome" = 'success' AND d."dimension" = ANY(a."targetIds") AND a."details"->>'name' IS NOT NULL
WHERE d."metric" = 'escalation_rule' AND NOT EXISTS (SELECT 1 FROM "EscalationRule" r WHERE r."id" = d."dimension")
ORDER BY d."dimension", a."createdAt" DESC
ON CONFLICT DO NOTHING;
