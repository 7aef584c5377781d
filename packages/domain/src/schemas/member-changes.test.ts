import { describe, expect, it } from "vitest";
import { leaveRefusal, memberChangeRefusal, permissionRefusal, roleCan, type MemberRole } from "./permissions";

const who = (userId: string, role: MemberRole) => ({ userId, role });

describe("memberChangeRefusal", () => {
  it("lets owners remove and re-role anyone but themselves, appointing owners too", () => {
    expect(memberChangeRefusal(who("o1", "OWNER"), who("o2", "OWNER"))).toBeNull();
    expect(memberChangeRefusal(who("o1", "OWNER"), who("a", "ADMIN"), "OWNER")).toBeNull();
    expect(memberChangeRefusal(who("o1", "OWNER"), who("o2", "OWNER"), "AGENT")).toBeNull();
  });

  it("lets admins manage admins and agents, never owners or the owner role", () => {
    expect(memberChangeRefusal(who("a1", "ADMIN"), who("g", "AGENT"), "ADMIN")).toBeNull();
    expect(memberChangeRefusal(who("a1", "ADMIN"), who("a2", "ADMIN"))).toBeNull();
    expect(memberChangeRefusal(who("a1", "ADMIN"), who("o", "OWNER"))?.reason).toBe("owner_only");
    expect(memberChangeRefusal(who("a1", "ADMIN"), who("o", "OWNER"), "AGENT")?.reason).toBe("owner_only");
    expect(memberChangeRefusal(who("a1", "ADMIN"), who("g", "AGENT"), "OWNER")?.reason).toBe("owner_only");
  });

  it("refuses changing oneself, so the last owner can neither leave nor step down", () => {
    expect(memberChangeRefusal(who("o1", "OWNER"), who("o1", "OWNER"))?.reason).toBe("member_self");
    expect(memberChangeRefusal(who("o1", "OWNER"), who("o1", "OWNER"), "ADMIN")?.reason).toBe("member_self");
    expect(memberChangeRefusal(who("a1", "ADMIN"), who("a1", "ADMIN"), "OWNER")?.reason).toBe("member_self");
  });
});

describe("leaveRefusal", () => {
  it("keeps the last owner, lets anyone else leave", () => {
    expect(leaveRefusal("OWNER", 1)?.reason).toBe("last_owner");
    expect(leaveRefusal("OWNER", 2)).toBeNull();
    expect(leaveRefusal("AGENT", 1)).toBeNull();
    expect(leaveRefusal("VIEWER", 1)).toBeNull();
  });
});

describe("the viewer role", () => {
  it("reads what agents read and changes nothing", () => {
    for (const permission of ["tenant.read", "bot.read", "knowledge.read", "conversation.read", "inbox.read"] as const) expect(roleCan("VIEWER", permission)).toBe(true);
    for (const permission of ["inbox.reply", "bot.update", "knowledge.update", "member.manage", "analytics.read"] as const) expect(roleCan("VIEWER", permission)).toBe(false);
    expect(permissionRefusal("inbox.reply")).toBe("Only owners, admins and agents can reply to visitors.");
    expect(permissionRefusal("inbox.reply", "zh")).toBe("只有所有者、管理员和客服可以回复访客。");
  });
});

describe("avatars", () => {
  it("sniffs the image type from the bytes, refusing anything else", async () => {
    const { sniffAvatarImage } = await import("./team");
    expect(sniffAvatarImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffAvatarImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffAvatarImage(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffAvatarImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
  });
});
