// No zod here: the widget imports this (domain/visitor.ts) for its first check in the browser.

/** An e-mail address as the pre-chat form takes it: one @, a dotted domain, no spaces. The server's check and the widget's. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
