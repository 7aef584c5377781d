import { type Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();

// A shop whose FAQ is written with its own words, one phrasing each; its customers use others.
const FAQS = [
  { question: "会员卡怎么充值？", answer: "打开「我的」→「会员卡」→「充值」，支持微信和支付宝。" },
  { question: "礼品卡怎么充值？", answer: "礼品卡不能充值，余额用完后可另购新卡。" },
  { question: "会员卡丢了怎么办？", answer: "请带身份证到任一门店挂失补办。" },
  { question: "积分怎么兑换礼品？", answer: "在「积分商城」选择礼品即可兑换。" },
  { question: "How do I wash my hoodie?", answer: "Machine wash cold, inside out, and hang to dry." },
  { question: "How do I wash my jeans?", answer: "Wash jeans rarely, cold and inside out, to keep the colour." },
  { question: "Can I return a sweater?", answer: "Unworn sweaters can be returned within 30 days." },
  { question: "How long does a refund take?", answer: "Refunds reach your account within 5 working days." },
  { question: "Do you sell gift cards?", answer: "Yes, gift cards of 50, 100 and 200 are sold in every store." },
];
// Asked before the tenant's set exists: the Chinese one cites the gift-card entry (both share 卡 and
// 充值), the English one is not answered (the hoodie entry only offered as a suggestion).
const ZH = { question: "储值卡能充值吗", set: ["会员卡", "储值卡"], title: "会员卡怎么充值？", answer: "打开「我的」→「会员卡」→「充值」" };
const EN = { question: "sweatshirt washing instructions", set: ["hoodie", "sweatshirt"], title: "How do I wash my hoodie?", answer: "Machine wash cold" };

async function shop(db: Db, name: string) {
  const owner = await ownerOfNewTenant(db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "zh", brandColor: "#112233" });
  for (const faq of FAQS) await owner.caller.knowledge.addFaq({ botId: bot.id, ...faq, alternatives: [] });
  return { ...owner, bot };
}

/** What the visitor chat answers: the bot reply's text and first citation (none when it did not answer). */
async function ask(db: Db, bot: { publicId: string }, text: string) {
  const visitor = visitorCaller(db);
  const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
  const events = await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text, clientMessageId: crypto.randomUUID() }));
  const final = events.findLast((e) => e.type === "bot_message");
  if (!final || final.type !== "bot_message") return { text: null, cited: null };
  const citations = (final.message as { citations?: { title?: string }[] }).citations ?? [];
  return { text: final.message.content, cited: citations[0]?.title ?? null };
}

describe("tenant synonym sets", () => {
  it("answers customers' words once the tenant adds a set, in the visitor chat; deleting it reverts; other tenants unaffected", { timeout: 180_000 }, async () => {
    const a = await shop(t.db, "SynonymsA");
    const b = await shop(t.db, "SynonymsB");
    const before = { zh: await ask(t.db, a.bot, ZH.question), en: await ask(t.db, a.bot, EN.question) };
    expect(before.zh.cited).toBe("礼品卡怎么充值？");
    expect(before.en.cited).toBeNull();

    // A calibration measured without the sets is out of date once they change.
    const kb = await t.db.knowledgeBase.findFirstOrThrow({ where: { tenantId: a.tenantId } });
    await t.db.knowledgeCalibration.create({ data: { knowledgeBaseId: kb.id, tenantId: a.tenantId, status: "too_small", contentVersion: kb.updatedAt, computedAt: new Date() } });
    const zhSet = await a.caller.synonym.create({ terms: ZH.set });
    expect((await t.db.knowledgeCalibration.findUniqueOrThrow({ where: { knowledgeBaseId: kb.id } })).contentVersion.getTime()).toBeLessThan(kb.updatedAt.getTime());
    const enSet = await a.caller.synonym.create({ terms: EN.set });
    const zh = await ask(t.db, a.bot, ZH.question);
    expect(zh.cited).toBe(ZH.title);
    expect(zh.text).toContain(ZH.answer);
    const en = await ask(t.db, a.bot, EN.question);
    expect(en.cited).toBe(EN.title);
    expect(en.text).toContain(EN.answer);
    // The dashboard's playground reads the same sets.
    expect((await a.caller.knowledge.playground({ botId: a.bot.id, question: ZH.question })).citations[0]?.title).toBe(ZH.title);

    // Another tenant with the same knowledge is untouched.
    expect((await ask(t.db, b.bot, ZH.question)).cited).toBe("礼品卡怎么充值？");
    expect((await ask(t.db, b.bot, EN.question)).cited).toBeNull();
    expect((await b.caller.synonym.list()).sets).toEqual([]);

    // Deleting the sets reverts; another tenant cannot delete them.
    await expectCode(b.caller.synonym.delete({ id: zhSet.id }), "NOT_FOUND");
    await a.caller.synonym.delete({ id: zhSet.id });
    await a.caller.synonym.delete({ id: enSet.id });
    expect((await ask(t.db, a.bot, ZH.question)).cited).toBe("礼品卡怎么充值？");
    expect((await ask(t.db, a.bot, EN.question)).cited).toBeNull();
  });

  it("an edit applies on the next question, also in a process that cached the index before", { timeout: 120_000 }, async () => {
    const a = await shop(t.db, "SynonymsEdit");
    const set = await a.caller.synonym.create({ terms: ["会员卡", "会员"] });
    expect((await ask(t.db, a.bot, ZH.question)).cited).not.toBe(ZH.title);
    // Written straight to the database, as another process (the admin app) would: the version is what the chat notices.
    await t.db.$transaction([
      t.db.synonymSet.update({ where: { id: set.id }, data: { terms: ZH.set } }),
      t.db.tenant.update({ where: { id: a.tenantId }, data: { synonymsVersion: { increment: 1 } } }),
    ]);
    expect((await ask(t.db, a.bot, ZH.question)).cited).toBe(ZH.title);
    await a.caller.synonym.update({ id: set.id, terms: ["会员卡", "会员"] });
    expect((await ask(t.db, a.bot, ZH.question)).cited).not.toBe(ZH.title);
  });

  it("cleans words, refuses a word already in another set, and keeps the limits", { timeout: 60_000 }, async () => {
    const owner = await ownerOfNewTenant(t.db, "SynonymsRules");
    const set = await owner.caller.synonym.create({ terms: ["  Hoodie ", "sweatshirt", "", "HOODIE", "hooded   top"] });
    expect(set.terms).toEqual(["Hoodie", "sweatshirt", "hooded top"]);
    const conflict = await expectCode(owner.caller.synonym.create({ terms: ["jumper", "Sweatshirt"] }), "CONFLICT");
    expect(conflict.message).toContain("Hoodie, sweatshirt, hooded top");
    // Its own words are not a conflict when a set is edited.
    expect((await owner.caller.synonym.update({ id: set.id, terms: ["hoodie", "sweatshirt", "jumper"] })).terms).toEqual(["hoodie", "sweatshirt", "jumper"]);
    await expectCode(owner.caller.synonym.create({ terms: ["only one", " only one "] }), "BAD_REQUEST");
    await expectCode(owner.caller.synonym.create({ terms: ["ok", "x".repeat(51)] }), "BAD_REQUEST");
    await expectCode(owner.caller.synonym.create({ terms: Array.from({ length: 21 }, (_, i) => `word${i}`) }), "BAD_REQUEST");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    expect((await agent.caller.synonym.list()).sets).toHaveLength(1);
    await expectCode(agent.caller.synonym.delete({ id: set.id }), "FORBIDDEN");
    const list = await owner.caller.synonym.list();
    expect(list.builtin.some((s) => s.includes("退款"))).toBe(true);
    expect(list.limits).toEqual({ sets: 500, terms: 20, termLength: 50 });
    // The changes are in the audit log.
    expect(await t.db.auditEvent.count({ where: { tenantId: owner.tenantId, action: { startsWith: "synonym." } } })).toBeGreaterThanOrEqual(3);
  });
});

describe("Traditional Chinese", () => {
  it("answers a visitor writing Traditional from a Simplified FAQ, with the tenant's Simplified sets applied", { timeout: 120_000 }, async () => {
    const a = await shop(t.db, "TraditionalVisitor");
    const direct = await ask(t.db, a.bot, "會員卡怎麼充值？");
    expect(direct.cited).toBe("会员卡怎么充值？");
    expect(direct.text).toContain("打开「我的」→「会员卡」→「充值」");
    await a.caller.synonym.create({ terms: ZH.set });
    expect((await ask(t.db, a.bot, "儲值卡能充值嗎")).cited).toBe(ZH.title);
    expect((await a.caller.knowledge.playground({ botId: a.bot.id, question: "會員卡丟了怎麼辦" })).citations[0]?.title).toBe("会员卡丢了怎么办？");
  });
});
