import { describe, expect, it } from "vitest";
import { defaultRulesFor, ruleNameIn } from "./defaults";

describe("starting rules' names for staff", () => {
  it("are shown in the reader's language whatever the bot's, while a tenant's own names stay as written", () => {
    const zhNames = defaultRulesFor("zh").map((r) => r.name);
    const enNames = defaultRulesFor("en").map((r) => r.name);
    expect(zhNames.map((n) => ruleNameIn(n, "en"))).toEqual(enNames);
    expect(enNames.map((n) => ruleNameIn(n, "zh"))).toEqual(zhNames);
    expect(ruleNameIn("访客要求转人工", "zh")).toBe("访客要求转人工");
    expect(ruleNameIn("VIP customers", "zh")).toBe("VIP customers");
    expect(ruleNameIn("退款投诉", "en")).toBe("退款投诉");
  });
});
