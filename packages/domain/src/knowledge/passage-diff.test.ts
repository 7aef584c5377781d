import { describe, expect, it } from "vitest";
import { diffDocuments, diffPassages, passageKeys } from "./passage-diff";

describe("diffPassages", () => {
  it("counts added, removed and unchanged passages as multisets", () => {
    expect(diffPassages(["a", "b", "c"], ["c", "a", "d"])).toEqual({ added: 1, removed: 1, unchanged: 2 });
    expect(diffPassages(["a", "a"], ["a"])).toEqual({ added: 0, removed: 1, unchanged: 1 });
    expect(diffPassages([], ["x", "y"])).toEqual({ added: 2, removed: 0, unchanged: 0 });
    expect(diffPassages(["x"], [])).toEqual({ added: 0, removed: 1, unchanged: 0 });
  });
});

describe("diffDocuments", () => {
  const v1 = "# Delivery\n\nParcels to Europe arrive within four working days.\n\n## Tracking\n\nThe tracking link is in the confirmation email.";

  it("finds nothing changed in the same text, whatever the whitespace", () => {
    const n = passageKeys(v1).length;
    expect(n).toBeGreaterThan(0);
    expect(diffDocuments(v1, v1.replace(/ /g, "  ") + "\n\n")).toEqual({ added: 0, removed: 0, unchanged: n });
  });

  it("sees an edited section as one passage removed and one added; the rest unchanged", () => {
    const v2 = v1.replace("four working days", "three working days") + "\n\n## Returns\n\n退货请在30天内申请。";
    const change = diffDocuments(v1, v2);
    expect(change.removed).toBeGreaterThanOrEqual(1);
    expect(change.added).toBe(change.removed + 1);
    expect(change.unchanged).toBeGreaterThanOrEqual(0);
    expect(change.unchanged + change.removed).toBe(passageKeys(v1).length);
  });

  it("treats a passage under a renamed heading as changed (its context changed)", () => {
    const longText = "The tracking link is in the confirmation email. ".repeat(4);
    const a = `# A\n\n${longText}\n\n# B\n\n${longText.replace("tracking", "order")}`;
    const b = a.replace("# B", "# C");
    expect(diffDocuments(a, b)).toEqual({ added: 1, removed: 1, unchanged: 1 });
  });
});
