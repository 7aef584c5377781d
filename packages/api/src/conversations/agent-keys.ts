import { createHmac, randomBytes } from "node:crypto";
import { secretKey } from "../platform/secrets.ts";

// What a visitor learns of the staff member behind an agent message: their display name and an
// opaque key, never their user id or e-mail. The key tells two agents of the same name apart (the
// widget matches pictures to messages by it) and names the agent in their picture's URL
// (chat/agent-pictures.ts). It is an HMAC of tenant and user id under a key derived from the
// app's secret key, so it cannot be turned back into the id nor made for another member, and the
// same member has another key in another tenant.

let macKey: Buffer | undefined;

function agentKeyMacKey(): Buffer {
  if (!macKey) {
    let base: Buffer;
    try {
      base = secretKey();
    } catch {
      // No secret configured (a test or a bare development run): keys then hold for this process
      // only. The chat app always has one, as it opens AI provider keys with it.
      base = randomBytes(32);
    }
    macKey = createHmac("sha256", base).update("kefu/agent-key/v1").digest();
  }
  return macKey;
}

/** A member's key as the visitors of `tenantId` see it: 32 hex characters. */
export function agentKey(tenantId: string, userId: string): string {
  return createHmac("sha256", agentKeyMacKey()).update(`${tenantId}\u0000${userId}`).digest("hex").slice(0, 32);
}

/** A message as a visitor gets it: the author's key in place of their user id. */
export function visitorMessageView<M extends { authorId: string | null }>(tenantId: string, message: M): M & { authorKey: string | null } {
  return { ...message, authorId: null, authorKey: message.authorId ? agentKey(tenantId, message.authorId) : null };
}
