import { describe, expect, it } from "vitest";
import { isNewRegressionFailure, regressionCasePasses } from "./regression";

describe("regression cases", () => {
  it("pass when the bot answers citing an expected source", () => {
    expect(regressionCasePasses(["a", "b"], { decision: "answer", citedSourceId: "b" })).toBe(true);
    expect(regressionCasePasses(["a"], { decision: "answer", citedSourceId: "c" })).toBe(false);
    expect(regressionCasePasses(["a"], { decision: "suggest", citedSourceId: null })).toBe(false);
    expect(regressionCasePasses(["a"], { decision: "decline", citedSourceId: null })).toBe(false);
  });
  it("expecting no answer: a decline or a 'did you mean' passes, an answer fails", () => {
    expect(regressionCasePasses([], { decision: "decline", citedSourceId: null })).toBe(true);
    expect(regressionCasePasses([], { decision: "suggest", citedSourceId: null })).toBe(true);
    expect(regressionCasePasses([], { decision: "answer", citedSourceId: "a" })).toBe(false);
  });
  it("a new failure passed in the previous run; a case never run or failing before is not new", () => {
    expect(isNewRegressionFailure(true, false)).toBe(true);
    expect(isNewRegressionFailure(false, false)).toBe(false);
    expect(isNewRegressionFailure(undefined, false)).toBe(false);
    expect(isNewRegressionFailure(true, true)).toBe(false);
  });
});
