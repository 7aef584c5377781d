import { describe, expect, it } from "vitest";
import { ZStartSessionRequest, ZVisitorUserHash, ZVisitorUserId } from "./chat";
import { roleCan } from "./permissions";

describe("signed visitor identity: what chat.start accepts", () => {
  it("takes printable user ids up to 200 characters, without surrounding spaces or control characters", () => {
    for (const id of ["42", "cust_00042", "ann@example.com", "用户 42", "a".repeat(200)]) expect(ZVisitorUserId.safeParse(id).success).toBe(true);
    for (const id of ["", " 42", "42 ", "4\n2", "4\u00002", "a".repeat(201)]) expect(ZVisitorUserId.safeParse(id).success).toBe(false);
  });

  it("takes a user hash of 64 hex digits, either case", () => {
    expect(ZVisitorUserHash.safeParse("ab".repeat(32)).success).toBe(true);
    expect(ZVisitorUserHash.safeParse("AB".repeat(32)).success).toBe(true);
    for (const hash of ["ab".repeat(31), "ab".repeat(33), `${"ab".repeat(31)}zz`, ""]) expect(ZVisitorUserHash.safeParse(hash).success).toBe(false);
  });

  it("keeps both optional: anonymous visitors start as before", () => {
    expect(ZStartSessionRequest.safeParse({ botId: "bot_ABCDEFGHIJKLMNOPQRST" }).success).toBe(true);
    expect(ZStartSessionRequest.parse({ botId: "bot_ABCDEFGHIJKLMNOPQRST", userId: "42", userHash: "ab".repeat(32) })).toMatchObject({ userId: "42" });
  });

  it("lets only owners and admins manage the identity secret", () => {
    expect([roleCan("OWNER", "identity.manage"), roleCan("ADMIN", "identity.manage"), roleCan("AGENT", "identity.manage")]).toEqual([true, true, false]);
  });
});
