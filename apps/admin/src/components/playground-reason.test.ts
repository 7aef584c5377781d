import { translator } from "@kefu/ui/i18n";
import { describe, expect, it } from "vitest";
import { decisionReason } from "./playground-reason";

const at = (decision: "answer" | "suggest" | "below_threshold" | "no_knowledge", confidence: number) => decisionReason({ decision, confidence, threshold: 0.3, suggestThreshold: 0.2 });

describe("the playground's reason for a decision", () => {
  it("says where the confidence sat when the bot offers entries", () => {
    expect(at("suggest", 0.25)).toBe("playground.suggest");
    expect(at("suggest", 0.08)).toBe("playground.suggest.familiar");
    expect(at("suggest", 0.5)).toBe("playground.suggest.topic");
    expect(at("answer", 0.5)).toBe("playground.answer");
    expect(at("below_threshold", 0.1)).toBe("playground.below_threshold");
    expect(translator("zh")(at("suggest", 0.08))).toContain("低于建议阈值");
    expect(translator("en")(at("suggest", 0.5))).toContain("reaches the answer threshold");
  });
});
