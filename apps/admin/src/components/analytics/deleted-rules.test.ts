import { translator } from "@kefu/ui/i18n";
import { describe, expect, it } from "vitest";
import { markDeletedRules } from "./deleted-rules";

describe("escalations by rule", () => {
  it("marks a deleted rule's name as it is, even one with $& or $' (replacement patterns)", () => {
    // As the API sends it: `deleted` is "deleted" or null.
    const table = { columns: ["rule", "escalations", "deleted"], rows: [["Refund $& more $'", 3, "deleted"], ["VIP $&", 2, null]] };
    expect(markDeletedRules(table, translator("en")).rows).toEqual([
      ["Refund $& more $' (deleted)", 3],
      ["VIP $&", 2],
    ]);
    expect(markDeletedRules(table, translator("zh")).rows[0]).toEqual(["Refund $& more $'（已删除）", 3]);
  });
});
