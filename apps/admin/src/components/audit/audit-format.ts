import { DICTIONARIES, type MessageKey, type Translate } from "@kefu/ui/i18n";
import ipaddr from "ipaddr.js";

/**
 * An audit action in words ("inbox.resolve" → "Resolved a conversation" / "解决了会话"); an action
 * without a label ("audit.do.<action>"; a test checks there is one for each action the admin
 * router records) is shown as its code.
 */
export function auditActionLabel(t: Translate, action: string): string {
  const key = `audit.do.${action}`;
  return Object.hasOwn(DICTIONARIES.en, key) ? t(key as MessageKey) : action;
}

/** ::1: a request from this machine is recorded as its /64, "0:0:0:0::/64". */
const LOOPBACK_V6 = ipaddr.parse("::1");

/**
 * A recorded address as the Address column shows it. The log keeps an IPv4 address whole and an
 * IPv6 address by its /64 ("2001:db8:0:0::/64"): shown compressed ("2001:db8::/64"), an
 * IPv4-mapped address as IPv4, and this machine's own address flagged `local`. Anything that does
 * not parse is shown as it is.
 */
export function displayAuditAddress(recorded: string): { address: string; local: boolean } {
  const value = recorded.trim();
  if (value.includes("/")) {
    if (!ipaddr.isValidCIDR(value)) return { address: value, local: false };
    const [address, bits] = ipaddr.parseCIDR(value);
    if (address.kind() === "ipv6") {
      const v6 = address as ipaddr.IPv6;
      if (v6.isIPv4MappedAddress() && bits >= 96) return withLocal(v6.toIPv4Address(), bits - 96);
      return { address: `${v6.toString()}/${bits}`, local: LOOPBACK_V6.match(v6, bits) };
    }
    return withLocal(address, bits);
  }
  if (!ipaddr.isValid(value)) return { address: value, local: false };
  // process() turns an IPv4-mapped IPv6 address into the IPv4 one.
  const address = ipaddr.process(value);
  return { address: address.toString(), local: address.range() === "loopback" };
}

function withLocal(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number) {
  const cidr = bits === (address.kind() === "ipv4" ? 32 : 128) ? address.toString() : `${address.toString()}/${bits}`;
  return { address: cidr, local: address.range() === "loopback" };
}
