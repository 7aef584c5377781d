import { describe, expect, it } from "vitest";
import { fitLabel } from "./fit-label";

describe("fitLabel", () => {
  it("keeps a label that fits its slot whole", () => {
    expect(fitLabel("Visitor asked for a person", 353)).toBe("Visitor asked for a person");
    expect(fitLabel("访客要求转人工", 100)).toBe("访客要求转人工");
  });

  it("cuts a label that does not fit, with an ellipsis, within the slot", () => {
    expect(fitLabel("Visitor asked for a person", 60)).toBe("Visitor a…");
    // Chinese characters are twice as wide: fewer of them fit.
    expect(fitLabel("置信度低或缺少相关知识", 60)).toBe("置信度低或…");
  });
});
