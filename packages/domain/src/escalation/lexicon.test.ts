import { describe, expect, it } from "vitest";
import { visitorAsksForHuman } from "./asks-human";
import { analyzeSentiment } from "./sentiment";

describe("visitorAsksForHuman", () => {
  it.each([
    "转人工",
    "人工客服",
    "我要找人工",
    "能不能给我转人工？",
    "有真人吗",
    "我需要人工服务",
    "客服电话是多少？",
    "客服电话?",
    "帮我联系客服",
    "人工！",
    "有人在吗",
    "我不要机器人，我要人工客服",
    "Ｉ want to talk to a person", // full-width letters are normalised
    "Can I talk to a human please?",
    "let me speak to someone",
    "I need a real person",
    "connect me with an agent",
    "representative",
    "Customer service representative please",
    "agent!",
    "human please",
    "I want a human, not a bot",
    "No, I want to speak to a human",
    "can I speak with a live agent",
    "I'd like to talk to customer service",
  ])("recognises %s", (text) => {
    expect(visitorAsksForHuman(text).asked).toBe(true);
  });

  it.each([
    "不用转人工",
    "不要人工客服，谢谢",
    "我不想找人工",
    "别转人工了，我自己看看",
    "无需人工服务",
    "I don't want a human",
    "I don't want to talk to a person",
    "no need for a human agent, thanks",
    "I would rather not speak to someone",
  ])("honours the negation in %s", (text) => {
    const r = visitorAsksForHuman(text);
    expect(r.asked).toBe(false);
    expect(r.negated).toBe(true);
  });

  it.each([
    "人工智能是什么？",
    "你们的人工智能产品多少钱",
    "How do I reset my password?",
    "真人秀节目什么时候播",
    "Are you a real person?",
    "你是真人吗",
    "the agent field in the API is empty",
    "你们客服晚上十点还有人吗", // a question about opening hours
    "周末有人吗",
    "",
  ])("ignores %s", (text) => {
    expect(visitorAsksForHuman(text).asked).toBe(false);
  });

  it("reports the phrase it recognised", () => {
    expect(visitorAsksForHuman("好的，请帮我转人工").phrase).toBe("转人工");
    expect(visitorAsksForHuman("Please let me talk to a human").phrase).toBe("talk to a human");
  });
});

describe("analyzeSentiment", () => {
  it.each([
    ["This is terrible, I'm so angry", "negative"],
    ["worst service ever", "negative"],
    ["I'm not happy with this", "negative"],
    ["this is useless and a waste of my time", "negative"],
    ["太差了，我要投诉", "negative"],
    ["我对你们的服务很不满意", "negative"],
    ["真让人失望", "negative"],
    ["这个也不好用", "negative"],
    ["fuck this", "abusive"],
    ["you idiot", "abusive"],
    ["傻逼客服", "abusive"],
    ["你们这帮混蛋", "abusive"],
    ["滚", "abusive"],
    ["sb吧你", "abusive"],
  ] as const)("%s is %s", (text, level) => {
    expect(analyzeSentiment(text).level).toBe(level);
  });

  it.each([
    "How do I change my plan?",
    "not bad at all",
    "请问怎么操作退款？", // 操作 is not 操
    "页面无法滚动", // 滚动 is not 滚
    "垃圾分类的规定在哪里看", // 垃圾分类 is neutral
    "Can sb help me with billing?", // "sb" is only an insult in Chinese text
    "It's not terrible",
    "没用过的东西能无理由退吗", // 没用过 = never used, not 没用 = useless
    "还没用，可以退吗",
    "订单不满99要收邮费吗", // 不满 + a number = less than
    "不满一百块包邮吗",
  ])("%s is not negative", (text) => {
    expect(["neutral", "positive"]).toContain(analyzeSentiment(text).level);
  });

  it("treats thanks and satisfaction as positive, and negation flips them", () => {
    expect(analyzeSentiment("Great, thank you, very helpful").level).toBe("positive");
    expect(analyzeSentiment("很满意，谢谢").level).toBe("positive");
    expect(analyzeSentiment("not helpful").score).toBeLessThan(0);
  });

  it("weights intensifiers", () => {
    expect(analyzeSentiment("very angry").score).toBeLessThan(analyzeSentiment("angry").score);
    expect(analyzeSentiment("非常失望").score).toBeLessThan(analyzeSentiment("失望").score);
  });

  it("keeps the longest overlapping lexicon entry and lists hits", () => {
    const r = analyzeSentiment("我很不满意");
    expect(r.hits).toEqual(["不满意"]);
    expect(r.level).toBe("negative");
  });

  it("does not excuse insults with a negation", () => {
    expect(analyzeSentiment("I'm not calling you an idiot, but").level).toBe("abusive");
  });
});
