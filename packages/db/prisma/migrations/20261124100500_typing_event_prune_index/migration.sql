-- Typing indicators are pruned every minute (services/event-retention.ts): this partial index
-- finds the old ones without walking the whole event log. SQL only: Prisma cannot express a
-- partial index, so schema.prisma does not list it.
CREATE INDEX IF NOT EXISTS "ConversationEvent_typing_createdAt_idx"
    ON "ConversationEvent" ("createdAt") WHERE "type" = 'typing';
