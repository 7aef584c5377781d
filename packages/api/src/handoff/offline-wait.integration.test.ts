import { describe, expect, it } from "vitest";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();

async function offlineBot(language: "en" | "zh") {
  const owner = await ownerOfNewTenant(t.db, `Offline ${language}`);
  const bot = await owner.caller.bot.create({ name: "Shop", greeting: "Hi", instructions: "", language, brandColor: "#2563eb" });
  await owner.caller.rule.installDefaults({ botId: bot.id });
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
  const ids = { botId: bot.publicId, visitorToken };
  const send = async (text: string) => collect(await visitor.chat.send({ ...ids, text, clientMessageId: `m${crypto.randomUUID().slice(0, 12)}` }));
  const systemTexts = (events: Awaited<ReturnType<typeof send>>) => events.flatMap((e) => (e.type === "system_message" ? [e.message.content] : []));
  return { owner, visitor, ids, send, systemTexts };
}

describe("waiting with nobody online", () => {
  it("survives a reload: the session says so until a message is left, and writing again gets an answer", async () => {
    const { visitor, ids, send, systemTexts } = await offlineBot("zh");
    expect(systemTexts(await send("我要转人工")).join()).toMatch(/不在线/);

    // Reloaded: the form and the offline banner come back (not "waiting for a person").
    expect(await visitor.chat.start(ids)).toMatchObject({ status: "QUEUED", offline: true, contactLeft: false });

    // 转人工 again is not met with silence; told once per run of messages, not on every one.
    expect(systemTexts(await send("转人工")).join()).toMatch(/不在线.*留下邮箱/);
    expect(systemTexts(await send("在吗"))).toEqual([]);

    await visitor.chat.leaveContact({ ...ids, email: "li@example.com", message: "请回电" });
    expect(await visitor.chat.start(ids)).toMatchObject({ status: "QUEUED", offline: true, contactLeft: true });
    expect(systemTexts(await send("还有一个问题")).join()).toMatch(/li@example\.com/);
  });

  it("is not offline once an agent has the conversation, nor when someone was online", async () => {
    const { owner, visitor, ids, send } = await offlineBot("en");
    await send("I want to talk to a person");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Li");
    const [item] = await owner.caller.inbox.list({ view: "unassigned" });
    await agent.caller.inbox.claim({ id: item!.id });
    expect(await visitor.chat.start(ids)).toMatchObject({ status: "ASSIGNED", offline: false, contactLeft: false });

    // Someone online: queued and routed, never the offline wait.
    const online = await offlineBot("en");
    await (await memberOfTenant(t.db, online.owner.tenantId, "AGENT", "Wang")).caller.member.setPresence({ presence: "ONLINE" });
    expect((await online.send("talk to a human")).some((e) => e.type === "handoff")).toBe(true);
    expect(await online.visitor.chat.start(online.ids)).toMatchObject({ status: "ASSIGNED", offline: false });
  });
});
