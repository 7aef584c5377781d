import { type ConversationStatus } from "@kefu/domain";

/**
 * The one map between the domain's conversation status (state machine, rules) and the
 * database's enum spelling of it; the reverse direction is derived, never written again.
 */
export const STORED_STATUS = { bot: "BOT", queued: "QUEUED", assigned: "ASSIGNED", resolved: "RESOLVED" } as const satisfies Record<ConversationStatus, string>;
export type StoredStatus = (typeof STORED_STATUS)[ConversationStatus];

export const DOMAIN_STATUS = Object.fromEntries(Object.entries(STORED_STATUS).map(([domain, stored]) => [stored, domain])) as {
  readonly [S in ConversationStatus as (typeof STORED_STATUS)[S]]: S;
};
