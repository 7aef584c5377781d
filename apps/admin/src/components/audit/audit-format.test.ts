import { recordedAuditActions } from "@kefu/api/testing";
import { DICTIONARIES, LOCALES, translator } from "@kefu/ui/i18n";
import { describe, expect, it } from "vitest";
import { auditActionLabel, displayAuditAddress } from "./audit-format";

describe("auditActionLabel", () => {
  it("labels every action the audit log records, in English and in Chinese", () => {
    for (const locale of LOCALES) {
      const dictionary: Record<string, string | undefined> = DICTIONARIES[locale];
      const unlabelled = recordedAuditActions().filter((action) => !dictionary[`audit.do.${action}`]?.trim());
      expect(unlabelled, `actions without a ${locale} label`).toEqual([]);
    }
  });

  it("reads as words in the reader's language, and falls back to the code", () => {
    expect(auditActionLabel(translator("en"), "inbox.resolve")).toBe("Resolved a conversation");
    expect(auditActionLabel(translator("zh"), "inbox.resolve")).toBe("解决了会话");
    expect(auditActionLabel(translator("en"), "auth.login_failed")).toBe("Failed to sign in");
    expect(auditActionLabel(translator("zh"), "bot.someFutureThing")).toBe("bot.someFutureThing");
    // Not a key of some other string that happens to share the prefix.
    expect(auditActionLabel(translator("en"), "")).toBe("");
  });
});

describe("displayAuditAddress", () => {
  it("shows an IPv6 /64 compressed", () => {
    expect(displayAuditAddress("2001:db8:0:0::/64")).toEqual({ address: "2001:db8::/64", local: false });
    expect(displayAuditAddress("2001:db8:a:b::/64")).toEqual({ address: "2001:db8:a:b::/64", local: false });
    expect(displayAuditAddress("fe80:0:0:0::/64")).toEqual({ address: "fe80::/64", local: false });
  });

  it("flags this machine's own address as local", () => {
    // ::1 is recorded by its /64.
    expect(displayAuditAddress("0:0:0:0::/64")).toEqual({ address: "::/64", local: true });
    expect(displayAuditAddress("127.0.0.1")).toEqual({ address: "127.0.0.1", local: true });
    expect(displayAuditAddress("::1")).toEqual({ address: "::1", local: true });
  });

  it("shows IPv4 as IPv4, mapped into IPv6 or not", () => {
    expect(displayAuditAddress("203.0.113.9")).toEqual({ address: "203.0.113.9", local: false });
    expect(displayAuditAddress("::ffff:203.0.113.9")).toEqual({ address: "203.0.113.9", local: false });
    expect(displayAuditAddress("::ffff:cb00:7109")).toEqual({ address: "203.0.113.9", local: false });
    expect(displayAuditAddress("::ffff:203.0.113.0/120")).toEqual({ address: "203.0.113.0/24", local: false });
    expect(displayAuditAddress("::ffff:127.0.0.1")).toEqual({ address: "127.0.0.1", local: true });
  });

  it("shows what does not parse as it is", () => {
    expect(displayAuditAddress("unknown")).toEqual({ address: "unknown", local: false });
    expect(displayAuditAddress("1.2.3.4/99")).toEqual({ address: "1.2.3.4/99", local: false });
  });
});
