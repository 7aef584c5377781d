"use client";
import { type AdminRouter } from "@kefu/api";
import { ATTRIBUTE_OPS, fillTemplate, MAX_CONDITION_DEPTH, MAX_CONDITIONS_PER_RULE, type ConditionKind } from "@kefu/domain";
import { Button, cx, SelectField, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { type inferRouterOutputs } from "@trpc/server";
import {
  addAt,
  canAddCondition,
  canAddGroup,
  canRemove,
  errorPath,
  isGroup,
  nodeAt,
  removeAt,
  updateAt,
  type ConditionDraft,
  type GroupDraft,
  type TreePath,
} from "~/components/rules/condition-tree";
import { useI18n } from "~/lib/i18n";

const CONDITION_KINDS: ConditionKind[] = [
  "visitor_asks_human",
  "confidence_below",
  "consecutive_unanswered",
  "sentiment",
  "keyword",
  "regex",
  "attribute",
  "outside_business_hours",
  "conversation_length",
  "duration",
  "topic",
  "provider_failure",
];

type KnowledgeBase = inferRouterOutputs<AdminRouter>["knowledgeBase"]["list"][number];

const newCondition = (): ConditionDraft => ({ kind: "keyword", f: {}, knowledgeBaseIds: [] });

interface TreeProps {
  root: GroupDraft;
  onChange: (next: GroupDraft) => void;
  err: (path: string) => string | null;
  kbs: KnowledgeBase[];
}

/**
 * One all/any group of a rule's conditions and everything in it, recursively: conditions and
 * sub-groups can be added, removed and edited at any level, down to the domain's depth limit.
 * The whole tree is state of the caller; each change replaces it (condition-tree.ts).
 */
export function ConditionGroupEditor({ path = [], ...props }: TreeProps & { path?: TreePath }) {
  const { t } = useI18n();
  const { root, onChange, err } = props;
  const group = nodeAt(root, path);
  if (!group || !isGroup(group)) return null;
  const p = errorPath(root, path);
  const nested = path.length > 0;
  const label = nested ? `${t("rules.editor.group")} ${path.map((i) => i + 1).join(".")}` : t("rules.editor.conditions");
  const full = !canAddCondition(root);

  return (
    <div role="group" aria-label={label} className={cx("space-y-3", nested && "rounded-md border-l-4 border-indigo-200 bg-indigo-50/40 p-3")}>
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          className="min-w-56 flex-1"
          label={nested ? `${t("rules.editor.match")} (${label})` : t("rules.editor.match")}
          value={group.match}
          onChange={(e) => onChange(updateAt(root, path, (g) => ({ ...(g as GroupDraft), match: e.target.value as "all" | "any" })))}
          error={err(`${p}.${group.match}`) ?? err(p)}
        >
          <option value="all">{t("rules.editor.match.all")}</option>
          <option value="any">{t("rules.editor.match.any")}</option>
        </SelectField>
        {nested && (
          <Button type="button" variant="ghost" onClick={() => onChange(removeAt(root, path))} disabled={!canRemove(root, path)}>
            {t("rules.editor.removeGroup")}
          </Button>
        )}
      </div>
      {group.children.map((child, i) => {
        const at = [...path, i];
        if (isGroup(child)) return <ConditionGroupEditor key={i} {...props} path={at} />;
        const cp = errorPath(root, at);
        const set = (next: ConditionDraft) => onChange(updateAt(root, at, () => next));
        return (
          <div key={i} className="rounded-md bg-white p-3 ring-1 ring-slate-200" role="group" aria-label={`${t("rules.editor.conditions")} ${at.map((x) => x + 1).join(".")}`}>
            <div className="grid gap-2 sm:grid-cols-2">
              <SelectField label={t("rules.editor.kind")} value={child.kind} onChange={(e) => set({ kind: e.target.value as ConditionKind, f: {}, knowledgeBaseIds: [] })} error={err(`${cp}.kind`) ?? err(cp)}>
                {CONDITION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`rules.condition.${k}` as MessageKey)}
                  </option>
                ))}
              </SelectField>
              <ConditionParams draft={child} path={cp} err={err} onChange={set} kbs={props.kbs} />
            </div>
            <Button type="button" variant="ghost" className="mt-2" onClick={() => onChange(removeAt(root, at))} disabled={!canRemove(root, at)}>
              {t("rules.editor.remove")}
            </Button>
          </div>
        );
      })}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" variant="secondary" onClick={() => onChange(addAt(root, path, newCondition()))} disabled={full}>
          {t("rules.editor.addCondition")}
        </Button>
        {canAddGroup(root, path) && (
          <Button type="button" variant="secondary" onClick={() => onChange(addAt(root, path, { match: group.match === "all" ? "any" : "all", children: [newCondition()] }))}>
            {t("rules.editor.addGroup")}
          </Button>
        )}
        {full ? (
          <p className="text-xs text-slate-500">{fillTemplate(t("rules.editor.maxConditions"), { count: MAX_CONDITIONS_PER_RULE })}</p>
        ) : (
          path.length + 1 >= MAX_CONDITION_DEPTH && <p className="text-xs text-slate-500">{fillTemplate(t("rules.editor.maxDepth"), { depth: MAX_CONDITION_DEPTH })}</p>
        )}
      </div>
    </div>
  );
}

function ConditionParams({
  draft,
  path,
  err,
  onChange,
  kbs,
}: {
  draft: ConditionDraft;
  path: string;
  err: (path: string) => string | null;
  onChange: (next: ConditionDraft) => void;
  kbs: KnowledgeBase[];
}) {
  const { t } = useI18n();
  const v = (key: string) => draft.f[key] ?? "";
  const set = (key: string) => (value: string) => onChange({ ...draft, f: { ...draft.f, [key]: value } });
  const text = (key: string, label: MessageKey, errKey = key, props: Record<string, unknown> = {}) => (
    <TextField label={t(label)} value={v(key)} onChange={(e) => set(key)(e.target.value)} error={err(`${path}.${errKey}`)} {...props} />
  );
  switch (draft.kind) {
    case "confidence_below":
      return text("threshold", "rules.editor.threshold", "threshold", { inputMode: "decimal", placeholder: "0.3" });
    case "consecutive_unanswered":
      return text("count", "rules.editor.count", "count", { inputMode: "numeric", placeholder: "3" });
    case "sentiment":
      return (
        <SelectField label={t("rules.editor.level")} value={v("level") || "negative"} onChange={(e) => set("level")(e.target.value)}>
          <option value="negative">{t("escalation.value.negative")}</option>
          <option value="abusive">{t("escalation.value.abusive")}</option>
        </SelectField>
      );
    case "keyword":
      return text("keywords", "rules.editor.keywords", "any", { placeholder: "refund, 投诉" });
    case "regex":
      return (
        <>
          {text("pattern", "rules.editor.pattern", "pattern", { maxLength: 200 })}
          {text("flags", "rules.editor.flags", "flags", { placeholder: "i" })}
        </>
      );
    case "attribute":
      return (
        <>
          {text("key", "rules.editor.key", "key", { placeholder: "plan" })}
          <SelectField label={t("rules.editor.op")} value={v("op") || "eq"} onChange={(e) => set("op")(e.target.value)} error={err(`${path}.op`)}>
            {ATTRIBUTE_OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </SelectField>
          {v("op") !== "exists" && text("value", "rules.editor.value", "value", { placeholder: "vip" })}
          <label className="inline-flex items-center gap-1 text-sm">
            <input type="checkbox" checked={v("verifiedOnly") === "true"} onChange={(e) => set("verifiedOnly")(e.target.checked ? "true" : "")} />
            {t("identity.verifiedOnly")}
          </label>
        </>
      );
    case "conversation_length":
      return text("minMessages", "rules.editor.minMessages", "minMessages", { inputMode: "numeric" });
    case "duration":
      return text("minMinutes", "rules.editor.minMinutes", "minMinutes", { inputMode: "numeric" });
    case "topic":
      return (
        <>
          <fieldset className="text-sm">
            <legend className="font-medium">{t("rules.editor.knowledgeBases")}</legend>
            {kbs.map((kb) => (
              <label key={kb.id} className="mr-3 inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={draft.knowledgeBaseIds.includes(kb.id)}
                  onChange={(e) => onChange({ ...draft, knowledgeBaseIds: e.target.checked ? [...draft.knowledgeBaseIds, kb.id] : draft.knowledgeBaseIds.filter((id) => id !== kb.id) })}
                />
                {kb.name}
              </label>
            ))}
            {err(path) && (
              <p role="alert" className="text-red-600">
                {err(path)}
              </p>
            )}
          </fieldset>
          {text("categories", "rules.editor.categories", "categories")}
        </>
      );
    default:
      return null;
  }
}
