import { MAX_CONDITION_DEPTH, MAX_CONDITIONS_PER_RULE, ZRuleConditions, type ConditionNode } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import {
  addAt,
  canAddCondition,
  canAddGroup,
  canRemove,
  countConditions,
  errorPath,
  fieldPaths,
  nodeAt,
  removeAt,
  toDraft,
  toWire,
  updateAt,
  type ConditionDraft,
  type GroupDraft,
} from "./condition-tree";

const stored = {
  all: [
    { kind: "attribute", key: "plan", op: "eq", value: "vip" },
    { any: [{ kind: "keyword", any: ["refund", "退款"] }, { all: [{ kind: "confidence_below", threshold: 0.3 }, { kind: "outside_business_hours" }] }] },
  ],
} as ConditionNode;

const tree = () => toDraft(stored) as GroupDraft;
const keyword = (words: string): ConditionDraft => ({ kind: "keyword", f: { keywords: words }, knowledgeBaseIds: [] });

describe("toDraft / toWire", () => {
  it("round-trips a nested tree, groups at every level editable", () => {
    const draft = tree();
    expect(draft.match).toBe("all");
    expect(nodeAt(draft, [1])).toMatchObject({ match: "any" });
    expect(nodeAt(draft, [1, 1])).toMatchObject({ match: "all" });
    expect(nodeAt(draft, [1, 1, 0])).toEqual({ kind: "confidence_below", f: { threshold: "0.3" }, knowledgeBaseIds: [] });
    expect(nodeAt(draft, [1, 0])).toMatchObject({ kind: "keyword", f: { keywords: "refund, 退款" } });
    expect(toWire(draft)).toEqual(stored);
    expect(ZRuleConditions.safeParse(toWire(draft)).success).toBe(true);
  });

  it("keeps an attribute condition's 'only if verified' option both ways", () => {
    const verified = { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip", verifiedOnly: true }] } as ConditionNode;
    const draft = toDraft(verified) as GroupDraft;
    expect(nodeAt(draft, [0])).toMatchObject({ f: { verifiedOnly: "true" } });
    expect(toWire(draft)).toEqual(verified);
    const unticked = updateAt(draft, [0], (node) => ({ ...(node as ConditionDraft), f: { ...(node as ConditionDraft).f, verifiedOnly: "" } }));
    expect(toWire(unticked)).toEqual({ all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }] });
  });

  it("tells a keyword condition (which has `any`) from an any-group", () => {
    const draft = toDraft({ any: [{ kind: "keyword", any: ["a"] }] } as ConditionNode) as GroupDraft;
    expect(draft.children[0]).toMatchObject({ kind: "keyword" });
  });

  it("sends half-typed numbers as NaN so the server reports the field", () => {
    const wire = toWire({ match: "any", children: [{ kind: "consecutive_unanswered", f: { count: "" }, knowledgeBaseIds: [] }] }) as { any: { count: number }[] };
    expect(wire.any[0]!.count).toBeNaN();
  });
});

describe("tree updates", () => {
  it("adds a condition or a sub-group at any level without touching other branches", () => {
    const before = tree();
    const after = addAt(before, [1, 1], keyword("angry"));
    expect((nodeAt(after, [1, 1]) as GroupDraft).children).toHaveLength(3);
    expect(nodeAt(after, [1, 1, 2])).toEqual(keyword("angry"));
    expect((nodeAt(before, [1, 1]) as GroupDraft).children).toHaveLength(2); // not mutated
    expect(after.children[0]).toBe(before.children[0]); // untouched branch shared

    const withGroup = addAt(after, [], { match: "any", children: [keyword("x")] });
    expect(withGroup.children).toHaveLength(3);
    expect(toWire(withGroup)).toMatchObject({ all: [{}, {}, { any: [{ kind: "keyword", any: ["x"] }] }] });
    // Adding to a condition (not a group) changes nothing.
    expect(addAt(before, [0], keyword("y"))).toEqual(before);
  });

  it("switches all/any per group and updates a condition's fields", () => {
    const switched = updateAt(tree(), [1, 1], (g) => ({ ...(g as GroupDraft), match: "any" }));
    expect(toWire(switched)).toMatchObject({ all: [{}, { any: [{}, { any: [{ kind: "confidence_below" }, {}] }] }] });
    const edited = updateAt(tree(), [0], (c) => ({ ...(c as ConditionDraft), f: { ...(c as ConditionDraft).f, value: "gold" } }));
    expect((toWire(edited) as { all: unknown[] }).all[0]).toMatchObject({ kind: "attribute", value: "gold" });
    // A path that leads nowhere leaves the tree as it was.
    expect(updateAt(tree(), [7, 0], () => keyword("z"))).toEqual(tree());
  });

  it("removes conditions and groups, but never a group's last child or the root", () => {
    const draft = tree();
    expect(canRemove(draft, [])).toBe(false);
    expect(canRemove(draft, [1])).toBe(true);
    const withoutGroup = removeAt(draft, [1]);
    expect(toWire(withoutGroup)).toEqual({ all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }] });
    expect(canRemove(withoutGroup, [0])).toBe(false);
    expect(removeAt(withoutGroup, [0])).toBe(withoutGroup);
    const inner = removeAt(draft, [1, 1, 0]);
    expect(toWire(inner)).toMatchObject({ all: [{}, { any: [{}, { all: [{ kind: "outside_business_hours" }] }] }] });
    expect(canRemove(inner, [1, 1, 0])).toBe(false);
    expect(canRemove(draft, [9])).toBe(false);
  });
});

describe("limits", () => {
  it("stops offering sub-groups at the domain's maximum depth", () => {
    let draft: GroupDraft = { match: "all", children: [keyword("a")] };
    let path: number[] = [];
    while (canAddGroup(draft, path)) {
      draft = addAt(draft, path, { match: "any", children: [keyword("b")] });
      path = [...path, (nodeAt(draft, path) as GroupDraft).children.length - 1];
    }
    expect(path.length + 1).toBe(MAX_CONDITION_DEPTH);
    expect(ZRuleConditions.safeParse(toWire(draft)).success).toBe(true);
    // One more level is what the server would refuse.
    const tooDeep = addAt(draft, path, { match: "all", children: [keyword("c")] });
    expect(ZRuleConditions.safeParse(toWire(tooDeep)).success).toBe(false);
  });

  it("stops offering conditions at the per-rule maximum", () => {
    let draft: GroupDraft = { match: "any", children: [] };
    while (canAddCondition(draft)) draft = addAt(draft, [], keyword(`k${countConditions(draft)}`));
    expect(countConditions(draft)).toBe(MAX_CONDITIONS_PER_RULE);
    expect(canAddGroup(draft, [])).toBe(false);
  });
});

describe("error paths", () => {
  it("names each node as the server reports it", () => {
    const draft = tree();
    expect(errorPath(draft, [])).toBe("conditions");
    expect(errorPath(draft, [0])).toBe("conditions.all.0");
    expect(errorPath(draft, [1, 1, 0])).toBe("conditions.all.1.any.1.all.0");
  });

  it("lists every field path, matching the server's issue for a nested bad regex", () => {
    const draft = addAt(tree(), [1], { kind: "regex", f: { pattern: "(a+)+" }, knowledgeBaseIds: [] });
    const result = ZRuleConditions.safeParse(toWire(draft));
    expect(result.success).toBe(false);
    const issuePaths = result.error!.issues.map((i) => ["conditions", ...i.path].join("."));
    expect(issuePaths).toContain("conditions.all.1.any.2.pattern");
    const paths = fieldPaths(draft);
    for (const p of issuePaths) expect(paths).toContain(p);
    expect(paths).toContain("conditions.all.1.any"); // a group's own "add at least one" error
    expect(paths).toContain("conditions.all.1.any.1.all.0.threshold");
  });
});
