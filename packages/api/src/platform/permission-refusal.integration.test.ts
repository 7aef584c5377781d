import { describe, expect, it } from "vitest";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();

describe("a refused call for a role", () => {
  it("says in words who can do it, never the raw permission name", async () => {
    const owner = await ownerOfNewTenant(t.db, "Roles");
    const bot = await owner.caller.bot.create({ name: "Desk", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const created = await expectCode(agent.caller.bot.create({ name: "Mine", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" }), "FORBIDDEN");
    expect(created.message).toBe("Only owners and admins can create bots.");
    const deleted = await expectCode(agent.caller.bot.delete({ id: bot.id }), "FORBIDDEN");
    expect(deleted.message).toBe("Only owners and admins can delete bots.");
    expect(deleted.message).not.toMatch(/bot delete|bot\.delete/);
    // What an agent may do still works: reading the bot.
    expect(await agent.caller.bot.get({ id: bot.id })).toMatchObject({ name: "Desk" });
  });
});
