import { AUDIT_EVENTS } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { recordedAuditActions } from "../testing/audit-actions.ts";

describe("recordedAuditActions", () => {
  it("walks the admin router: the dashboard's audited mutations and the hand-recorded events, not the unaudited ones", () => {
    const recorded = recordedAuditActions();
    expect(recorded).toContain("inbox.resolve");
    expect(recorded).toContain("bot.update");
    expect(recorded).toContain(AUDIT_EVENTS.login);
    expect(recorded).toContain(AUDIT_EVENTS.joinedWithInvite);
    expect(recorded).not.toContain("inbox.typing");
    expect(recorded).not.toContain("rule.test");
    // Each once (audit.export is both a mutation and an AUDIT_EVENTS entry).
    expect(new Set(recorded).size).toBe(recorded.length);
  });
});
