/**
 * The name a visitor sees for an agent (above their replies, in "You are chatting with …", in the
 * notice that they joined): the member's display name, or null when they have none a visitor may
 * see, and the widget says "Support agent" / "客服人员" in its own language. Never any part of the
 * e-mail address: accounts made without a name were given the address's local part as their name,
 * so a name equal to it (or holding the address) counts as none.
 */
export function visitorAgentName(user: { name: string | null; email: string }): string | null {
  const name = user.name?.trim() ?? "";
  if (!name) return null;
  const email = user.email.trim().toLowerCase();
  const at = email.lastIndexOf("@");
  const localPart = at > 0 ? email.slice(0, at) : email;
  const lower = name.toLowerCase();
  if (lower === localPart || (email && lower.includes(email))) return null;
  return name;
}
