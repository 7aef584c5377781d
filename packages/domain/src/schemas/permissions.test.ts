import { describe, expect, it } from "vitest";
import { PERMISSIONS, permissionRefusal } from "./permissions";

describe("a refusal for a role says in words who can do what", () => {
  it("names the roles that can, in English and Chinese", () => {
    expect(permissionRefusal("bot.create")).toBe("Only owners and admins can create bots.");
    expect(permissionRefusal("audit.read")).toBe("Only owners can read the audit log.");
    expect(permissionRefusal("bot.create", "zh")).toBe("只有所有者和管理员可以创建机器人。");
    expect(permissionRefusal("knowledge.update", "zh")).toBe("只有所有者和管理员可以修改知识和知识库。");
  });

  it("never shows a raw permission name", () => {
    for (const permission of PERMISSIONS) {
      for (const language of ["en", "zh"] as const) {
        const text = permissionRefusal(permission, language);
        expect(text).not.toContain(permission);
        expect(text).not.toMatch(/\b(bot|knowledge|tenant|inbox) (create|update|delete|read|manage|reply)\b/);
      }
    }
  });
});
