import { describe, expect, it } from "vitest";
import { initialOf } from "./agent-avatar";

describe("an agent's initial, shown without a picture", () => {
  it("is the name's first letter, capitalised, or its first Chinese character", () => {
    expect(initialOf("zhang wei")).toBe("Z");
    expect(initialOf("  李娜")).toBe("李");
    expect(initialOf("😀 Smiley")).toBe("😀");
    expect(initialOf("")).toBe("?");
  });
});
