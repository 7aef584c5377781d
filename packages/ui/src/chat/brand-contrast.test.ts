import { describe, expect, it } from "vitest";
import { textOnBrand } from "./brand-contrast";

describe("textOnBrand", () => {
  it("keeps white text on brand colours it can be read on (4.5:1)", () => {
    expect(textOnBrand("#4f46e5")).toBe("light");
    expect(textOnBrand("#0f766e")).toBe("light");
    expect(textOnBrand("#000")).toBe("light");
  });

  it("turns the text dark on pale or bright brands", () => {
    expect(textOnBrand("#ffffff")).toBe("dark");
    expect(textOnBrand("#facc15")).toBe("dark");
    // #777777 gives white 4.48:1: just under.
    expect(textOnBrand("#777777")).toBe("dark");
    expect(textOnBrand("#767676")).toBe("light");
  });

  it("keeps the default for what is not a hex colour", () => {
    expect(textOnBrand("teal")).toBe("light");
  });
});
