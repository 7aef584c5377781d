import { describe, expect, it } from "vitest";
import { zh } from "./messages";

// The Chinese strings read as written by a native speaker: visitors are addressed as 您 (staff as
// 你), full-width punctuation next to Chinese text, one term per thing.
const entries = Object.entries(zh);
const visitorFacing = entries.filter(([key]) => key.startsWith("chat.") || /^handoff\.(?!.*Settings)/.test(key));

describe("Chinese UI strings", () => {
  it("address visitors politely (您, never 你)", () => {
    expect(visitorFacing.length).toBeGreaterThan(20);
    expect(visitorFacing.filter(([, text]) => text.includes("你")).map(([key]) => key)).toEqual([]);
  });

  it("use full-width brackets and punctuation next to Chinese text", () => {
    const halfWidth = /[\u4e00-\u9fff]\s?\([^)]*\)|(^|[\u4e00-\u9fff\s])\([^)]*\)\s?[\u4e00-\u9fff]|[\u4e00-\u9fff][,;:?!](?=\s|$)/;
    // These two show the syntax typed into the field ("名称: 正则"), which is ASCII on purpose.
    const literalSyntax = new Set(["privacy.patternsHint", "privacy.patternFormat"]);
    expect(entries.filter(([key, text]) => !literalSyntax.has(key) && halfWidth.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it("use one term per thing", () => {
    const avoided = [/AI 服务商/, /前面排在/, /知识缺失/, /聊天机器人/, /人工服务(?!。)/];
    expect(entries.filter(([, text]) => avoided.some((re) => re.test(text))).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});
