import { beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// Below the "did you mean" band, a Chinese question in the knowledge's own words is still offered
// the nearest entries; one about something the knowledge never mentions hears "I don't know".
const t = useTestDb();
let publicId: string;

beforeAll(async () => {
  const owner = await ownerOfNewTenant(t.db, "Familiar shop");
  const bot = await owner.caller.bot.create({ name: "小店客服", greeting: "您好", instructions: "", language: "zh", brandColor: "#0f766e" });
  publicId = bot.publicId;
  const entries: [string, string][] = [
    ["怎么退货？", "收到商品 7 天内，在订单页点“申请退货”，寄回后退款原路返回。"],
    ["可以换货吗？", "收到商品 7 天内可以换尺码或颜色，在订单页申请换货即可。"],
    ["退款多久到账？", "退款审核通过后 1 到 3 个工作日原路退回。"],
    ["运费怎么算？", "订单满 99 元包邮，不满收 8 元运费。"],
    ["多久能收到货？", "下单后 48 小时内发货，一般 3 到 5 天送达。"],
    ["可以开发票吗？", "可以，在订单详情页申请电子发票。"],
  ];
  for (const [question, answer] of entries) await owner.caller.knowledge.addFaq({ botId: bot.id, question, alternatives: [], answer });
  await drainIngestion(t.db);
});

async function ask(text: string, clientMessageId: string) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: publicId });
  const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId }));
  const final = events.at(-1)!;
  if (final.type !== "bot_message") throw new Error(`expected a bot message, got ${final.type}`);
  return final.message;
}

describe("questions in the knowledge's own words", () => {
  it("offers the nearest entries to a low-scoring question whose words the knowledge uses", async () => {
    const reply = await ask("订单页在哪", "familiar-0001");
    expect(reply.citations).toEqual([]);
    expect(reply.content).toBe("我不太确定您想问的是哪一个，您是想问下面这些问题吗？");
    expect(reply.suggestions.map((s) => s.title)).toEqual(expect.arrayContaining(["怎么退货？"]));
  });

  it("says it does not know a question in words the knowledge never uses", async () => {
    for (const [i, text] of ["今天北京天气怎么样", "你们招不招客服"].entries()) {
      const reply = await ask(text, `familiar-010${i}`);
      expect(reply.content, text).toBe("抱歉，我在知识库中没有找到这个问题的答案。");
      expect(reply.suggestions, text).toEqual([]);
    }
  });
});
