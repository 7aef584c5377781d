/**
 * A new client message id (32 hex characters) for an idempotent send: a message or an image.
 * crypto.randomUUID exists only in secure contexts (HTTPS, localhost), but a chat page may be
 * served over plain HTTP on an intranet: crypto.getRandomValues exists everywhere.
 */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID().replace(/-/g, "");
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
