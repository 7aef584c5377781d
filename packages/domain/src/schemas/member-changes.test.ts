import { describe, expect, it } from "vitest";
import { memberChangeRefusal, type MemberRole } from "./permissions";

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
