/**
 * Every column that holds a secret encrypted with platform/secrets.ts, with the associated data
 * (context) each value is bound to. The one list: the rotation job re-encrypts these, the features
 * take their contexts from here, and a test checks that docs/security.md names each one. A new
 * encrypted column is added here and nowhere else.
 */
export const SECRET_CONTEXTS = {
  aiProviderApiKey: (tenantId: string) => tenantId,
  webhookSecret: (tenantId: string) => `webhook:${tenantId}`,
  visitorIdentity: (tenantId: string, botId: string) => `visitor-identity:${tenantId}:${botId}`,
} as const;

export interface EncryptedColumn {
  /** Table (Prisma model) and column, as in the database. Every such table has `id` and `tenantId`. */
  table: string;
  column: string;
  /** What the values are, for logs and docs. */
  holds: string;
  context: (row: { id: string; tenantId: string }) => string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: "AiProvider", column: "apiKeyCiphertext", holds: "AI provider API keys", context: (row) => SECRET_CONTEXTS.aiProviderApiKey(row.tenantId) },
  { table: "WebhookEndpoint", column: "secretCiphertext", holds: "webhook signing secrets", context: (row) => SECRET_CONTEXTS.webhookSecret(row.tenantId) },
  { table: "Bot", column: "identitySecretCiphertext", holds: "visitor identity secrets", context: (row) => SECRET_CONTEXTS.visitorIdentity(row.tenantId, row.id) },
];
