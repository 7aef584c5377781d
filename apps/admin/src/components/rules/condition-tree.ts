// Pure helpers of the rule editor's condition tree (no React), unit-tested in condition-tree.test.ts.
import { groupChildren, MAX_CONDITION_DEPTH, MAX_CONDITIONS_PER_RULE, type ConditionKind, type ConditionNode } from "@kefu/domain";

export type Fields = Record<string, string>;
/** A condition as typed: strings until submit, so a half-typed number is not lost. */
export interface ConditionDraft {
  kind: ConditionKind;
  f: Fields;
  knowledgeBaseIds: string[];
}
export interface GroupDraft {
  match: "all" | "any";
  children: NodeDraft[];
}
export type NodeDraft = ConditionDraft | GroupDraft;
/** Child indexes from the root group down; [] is the root itself. */
export type TreePath = readonly number[];

export const isGroup = (node: NodeDraft): node is GroupDraft => "children" in node;

const list = (text: string | undefined) => (text ?? "").split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);
const num = (text: string | undefined) => (text === undefined || text.trim() === "" ? Number.NaN : Number(text));

export function conditionDraft(node: Extract<ConditionNode, { kind: string }>): ConditionDraft {
  const f: Fields = {};
  for (const [k, v] of Object.entries(node)) if (k !== "kind" && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) f[k] = String(v);
  if (node.kind === "keyword") f.keywords = node.any.join(", ");
  if (node.kind === "topic") f.categories = (node.categories ?? []).join(", ");
  return { kind: node.kind, f, knowledgeBaseIds: node.kind === "topic" ? (node.knowledgeBaseIds ?? []) : [] };
}

/** A stored tree as the editor edits it; groups at any depth become editable groups. */
export function toDraft(node: ConditionNode): NodeDraft {
  const group = groupChildren(node);
  if (!group) return conditionDraft(node as Extract<ConditionNode, { kind: string }>);
  return { match: group.type, children: group.children.map(toDraft) };
}

/** The tree as the API takes it; values stay unchecked here, the server reports errors per field. */
export function toWire(node: NodeDraft): unknown {
  if (isGroup(node)) return { [node.match]: node.children.map(toWire) };
  const { f } = node;
  switch (node.kind) {
    case "confidence_below":
      return { kind: node.kind, threshold: num(f.threshold) };
    case "consecutive_unanswered":
      return { kind: node.kind, count: num(f.count) };
    case "sentiment":
      return { kind: node.kind, level: f.level || "negative" };
    case "keyword":
      return { kind: node.kind, any: list(f.keywords) };
    case "regex":
      return { kind: node.kind, pattern: f.pattern ?? "", flags: f.flags ?? "i" };
    case "attribute":
      return {
        kind: node.kind,
        key: f.key ?? "",
        op: f.op || "eq",
        ...(f.op === "exists" ? {} : { value: f.value ?? "" }),
        ...(f.verifiedOnly === "true" ? { verifiedOnly: true } : {}),
      };
    case "conversation_length":
      return { kind: node.kind, minMessages: num(f.minMessages) };
    case "duration":
      return { kind: node.kind, minMinutes: num(f.minMinutes) };
    case "topic":
      return { kind: node.kind, ...(node.knowledgeBaseIds.length ? { knowledgeBaseIds: node.knowledgeBaseIds } : {}), ...(list(f.categories).length ? { categories: list(f.categories) } : {}) };
    default:
      return { kind: node.kind };
  }
}

export function nodeAt(root: GroupDraft, path: TreePath): NodeDraft | undefined {
  let node: NodeDraft = root;
  for (const i of path) {
    if (!isGroup(node)) return undefined;
    const child: NodeDraft | undefined = node.children[i];
    if (!child) return undefined;
    node = child;
  }
  return node;
}

/** A copy of the tree with the node at `path` replaced by `update(node)`; other branches are shared. */
export function updateAt(root: GroupDraft, path: TreePath, update: (node: NodeDraft) => NodeDraft): GroupDraft {
  const walk = (node: NodeDraft, depth: number): NodeDraft => {
    if (depth === path.length) return update(node);
    if (!isGroup(node)) return node; // a path through a condition: nothing to change
    const at = path[depth]!;
    if (at < 0 || at >= node.children.length) return node;
    return { ...node, children: node.children.map((child, i) => (i === at ? walk(child, depth + 1) : child)) };
  };
  const next = walk(root, 0);
  return isGroup(next) ? next : root; // the root stays a group
}

/** Appends a condition or a group to the group at `path` (unchanged when it is not a group). */
export function addAt(root: GroupDraft, path: TreePath, child: NodeDraft): GroupDraft {
  return updateAt(root, path, (node) => (isGroup(node) ? { ...node, children: [...node.children, child] } : node));
}

/** Removes the node at `path`, when allowed (see canRemove). */
export function removeAt(root: GroupDraft, path: TreePath): GroupDraft {
  if (!canRemove(root, path)) return root;
  const at = path[path.length - 1]!;
  return updateAt(root, path.slice(0, -1), (parent) => (isGroup(parent) ? { ...parent, children: parent.children.filter((_, i) => i !== at) } : parent));
}

/** A group keeps at least one child (the schema requires it); the root cannot be removed. */
export function canRemove(root: GroupDraft, path: TreePath): boolean {
  if (path.length === 0 || !nodeAt(root, path)) return false;
  const parent = nodeAt(root, path.slice(0, -1));
  return !!parent && isGroup(parent) && parent.children.length > 1;
}

export function countConditions(node: NodeDraft): number {
  return isGroup(node) ? node.children.reduce((sum, child) => sum + countConditions(child), 0) : 1;
}

/** A group at `path` sits at level path.length + 1 (the root is 1); a sub-group one deeper. */
export function canAddGroup(root: GroupDraft, path: TreePath): boolean {
  return path.length + 2 <= MAX_CONDITION_DEPTH && countConditions(root) < MAX_CONDITIONS_PER_RULE;
}

export function canAddCondition(root: GroupDraft): boolean {
  return countConditions(root) < MAX_CONDITIONS_PER_RULE;
}

/**
 * The API's error path of a node ("conditions.all.1.any.0"): each enclosing group adds its
 * all/any key and the index. Server field errors use the same paths (ZRuleConditions); a group's
 * own errors are at this path or at this path plus its key ("….any": "Add at least one condition").
 */
export function errorPath(root: GroupDraft, path: TreePath): string {
  const parts = ["conditions"];
  let node: NodeDraft | undefined = root;
  for (const i of path) {
    if (!node || !isGroup(node)) break;
    parts.push(node.match, String(i));
    node = node.children[i];
  }
  return parts.join(".");
}

const CONDITION_FIELDS = ["", ".threshold", ".count", ".level", ".any", ".pattern", ".flags", ".key", ".op", ".value", ".minMessages", ".minMinutes", ".kind", ".categories"];

/** Every path the editor shows an error under, so other errors go to the form's banner. */
export function fieldPaths(root: GroupDraft): string[] {
  const out = ["conditions", `conditions.${root.match}`];
  const walk = (group: GroupDraft, path: number[]) =>
    group.children.forEach((child, i) => {
      const at = [...path, i];
      const p = errorPath(root, at);
      if (isGroup(child)) {
        out.push(p, `${p}.${child.match}`);
        walk(child, at);
      } else CONDITION_FIELDS.forEach((s) => out.push(p + s));
    });
  walk(root, []);
  return out;
}
