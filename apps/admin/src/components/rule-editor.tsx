"use client";
import { ATTRIBUTE_OPS, PRIORITIES, type Action, type ActionKind, type ConditionKind, type ConditionNode } from "@kefu/domain";
import { Alert, Button, cx, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

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
const ACTION_KINDS: ActionKind[] = ["handoff", "set_priority", "assign_agent", "send_message", "add_tags", "notify", "collect_contact"];

type Fields = Record<string, string>;
/** A condition as typed (strings until submit); nested groups are kept as they are. */
type ConditionDraft = { kind: ConditionKind; f: Fields; kbIds: string[] } | { nested: ConditionNode };
type ActionDraft = { kind: ActionKind; f: Fields };

export interface EditableRule {
  id: string;
  name: string;
  enabled: boolean;
  continue: boolean;
  conditions: { all: ConditionNode[] } | { any: ConditionNode[] } | null;
  actions: Action[];
}

const list = (text: string | undefined) => (text ?? "").split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);
const num = (text: string | undefined) => (text === undefined || text.trim() === "" ? Number.NaN : Number(text));

function conditionDraft(node: ConditionNode): ConditionDraft {
  if (!("kind" in node)) return { nested: node };
  const f: Fields = {};
  for (const [k, v] of Object.entries(node)) if (k !== "kind" && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) f[k] = String(v);
  if (node.kind === "keyword") f.keywords = node.any.join(", ");
  if (node.kind === "topic") f.categories = (node.categories ?? []).join(", ");
  return { kind: node.kind, f, kbIds: node.kind === "topic" ? (node.knowledgeBaseIds ?? []) : [] };
}

function toCondition(d: ConditionDraft): unknown {
  if ("nested" in d) return d.nested;
  const { f } = d;
  switch (d.kind) {
    case "confidence_below":
      return { kind: d.kind, threshold: num(f.threshold) };
    case "consecutive_unanswered":
      return { kind: d.kind, count: num(f.count) };
    case "sentiment":
      return { kind: d.kind, level: f.level || "negative" };
    case "keyword":
      return { kind: d.kind, any: list(f.keywords) };
    case "regex":
      return { kind: d.kind, pattern: f.pattern ?? "", flags: f.flags ?? "i" };
    case "attribute":
      return { kind: d.kind, key: f.key ?? "", op: f.op || "eq", ...(f.op === "exists" ? {} : { value: f.value ?? "" }) };
    case "conversation_length":
      return { kind: d.kind, minMessages: num(f.minMessages) };
    case "duration":
      return { kind: d.kind, minMinutes: num(f.minMinutes) };
    case "topic":
      return { kind: d.kind, ...(d.kbIds.length ? { knowledgeBaseIds: d.kbIds } : {}), ...(list(f.categories).length ? { categories: list(f.categories) } : {}) };
    default:
      return { kind: d.kind };
  }
}

function actionDraft(action: Action): ActionDraft {
  const f: Fields = {};
  for (const [k, v] of Object.entries(action)) if (k !== "kind" && typeof v === "string") f[k] = v;
  if (action.kind === "add_tags") f.tags = action.tags.join(", ");
  return { kind: action.kind, f };
}

function toAction(d: ActionDraft): unknown {
  const { f } = d;
  switch (d.kind) {
    case "handoff":
      return { kind: d.kind, ...(f.teamId ? { teamId: f.teamId } : {}) };
    case "set_priority":
      return { kind: d.kind, priority: f.priority || "high" };
    case "assign_agent":
      return { kind: d.kind, agentId: f.agentId ?? "" };
    case "send_message":
      return { kind: d.kind, text: f.text ?? "" };
    case "add_tags":
      return { kind: d.kind, tags: list(f.tags) };
    case "notify":
      return { kind: d.kind, channel: f.channel || "webhook", ...(f.target ? { target: f.target } : {}) };
    default:
      return { kind: d.kind };
  }
}

/** A labelled select wired for screen readers, styled like TextField. */
export function SelectField({ label, value, onChange, error, children, className }: { label: string; value: string; onChange: (v: string) => void; error?: string | null; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cx("mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300", error && "ring-red-500")}
      >
        {children}
      </select>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** Structured rule builder: all/any, conditions and actions picked from lists, errors per field. */
export function RuleEditor({ botId, rule, onDone }: { botId: string; rule: EditableRule | null; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.team.list.queryOptions());
  const members = useQuery(trpc.member.list.queryOptions());
  const kbs = useQuery(trpc.knowledgeBase.list.queryOptions());
  const group = rule?.conditions ?? { all: [{ kind: "visitor_asks_human" } as ConditionNode] };
  const [name, setName] = useState(rule?.name ?? "");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [cont, setCont] = useState(rule?.continue ?? false);
  const [match, setMatch] = useState<"all" | "any">("any" in group ? "any" : "all");
  const [conditions, setConditions] = useState<ConditionDraft[]>(("any" in group ? group.any : group.all).map(conditionDraft));
  const [actions, setActions] = useState<ActionDraft[]>((rule?.actions ?? [{ kind: "handoff" }]).map(actionDraft));

  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.rule.list.queryKey({ botId }) });
    onDone();
  };
  const create = useMutation(trpc.rule.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.rule.update.mutationOptions({ onSuccess: done }));
  const save = rule ? update : create;
  const error = save.error;
  const err = (path: string) => fieldError(error, path);

  const fieldPaths = ["name", "conditions", `conditions.${match}`, "actions"];
  conditions.forEach((_, i) => ["", ".threshold", ".count", ".level", ".any", ".pattern", ".flags", ".key", ".op", ".value", ".minMessages", ".minMinutes", ".kind"].forEach((s) => fieldPaths.push(`conditions.${match}.${i}${s}`)));
  actions.forEach((_, i) => ["", ".teamId", ".agentId", ".priority", ".text", ".tags", ".channel", ".target"].forEach((s) => fieldPaths.push(`actions.${i}${s}`)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name,
      enabled,
      continue: cont,
      conditions: (match === "all" ? { all: conditions.map(toCondition) } : { any: conditions.map(toCondition) }) as never,
      actions: actions.map(toAction) as never,
    };
    if (rule) update.mutate({ id: rule.id, ...fields });
    else create.mutate({ botId, ...fields });
  }

  const setCond = (i: number, next: ConditionDraft) => setConditions((cs) => cs.map((c, j) => (j === i ? next : c)));
  const setAct = (i: number, next: ActionDraft) => setActions((as) => as.map((a, j) => (j === i ? next : a)));
  const tk = (key: string) => t(key as MessageKey);

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" aria-label={rule ? t("rules.editor.editTitle") : t("rules.editor.newTitle")}>
      <h3 className="text-sm font-semibold">{rule ? t("rules.editor.editTitle") : t("rules.editor.newTitle")}</h3>
      {formError(error, fieldPaths) && <Alert>{formError(error, fieldPaths)}</Alert>}
      <TextField label={t("rules.editor.name")} value={name} onChange={(e) => setName(e.target.value)} error={err("name")} maxLength={80} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t("rules.editor.conditions")}</legend>
        <SelectField label={t("rules.editor.match")} value={match} onChange={(v) => setMatch(v as "all" | "any")} error={err(`conditions.${match}`) ?? err("conditions")}>
          <option value="all">{t("rules.editor.match.all")}</option>
          <option value="any">{t("rules.editor.match.any")}</option>
        </SelectField>
        {conditions.map((c, i) => {
          const p = `conditions.${match}.${i}`;
          return (
            <div key={i} className="rounded-md bg-white p-3 ring-1 ring-slate-200" role="group" aria-label={`${t("rules.editor.conditions")} ${i + 1}`}>
              {"nested" in c ? (
                <p className="text-sm text-slate-600">{t("rules.editor.nestedGroup")}</p>
              ) : (
                <div className="grid gap-2 sm:grid-cols-2">
                  <SelectField label={t("rules.editor.kind")} value={c.kind} onChange={(v) => setCond(i, { kind: v as ConditionKind, f: {}, kbIds: [] })} error={err(`${p}.kind`) ?? err(p)}>
                    {CONDITION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {tk(`rules.condition.${k}`)}
                      </option>
                    ))}
                  </SelectField>
                  <ConditionParams draft={c} path={p} err={err} onChange={(next) => setCond(i, next)} kbs={kbs.data ?? []} />
                </div>
              )}
              <Button type="button" variant="ghost" className="mt-2" onClick={() => setConditions((cs) => cs.filter((_, j) => j !== i))} disabled={conditions.length === 1}>
                {t("rules.editor.remove")}
              </Button>
            </div>
          );
        })}
        <Button type="button" variant="secondary" onClick={() => setConditions((cs) => [...cs, { kind: "keyword", f: {}, kbIds: [] }])}>
          {t("rules.editor.addCondition")}
        </Button>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t("rules.editor.actions")}</legend>
        {err("actions") && <p role="alert" className="text-sm text-red-600">{err("actions")}</p>}
        {actions.map((a, i) => {
          const p = `actions.${i}`;
          const f = (key: string, value: string) => setAct(i, { ...a, f: { ...a.f, [key]: value } });
          return (
            <div key={i} className="grid gap-2 rounded-md bg-white p-3 ring-1 ring-slate-200 sm:grid-cols-2" role="group" aria-label={`${t("rules.editor.actions")} ${i + 1}`}>
              <SelectField label={t("rules.editor.kind")} value={a.kind} onChange={(v) => setAct(i, { kind: v as ActionKind, f: {} })} error={err(p)}>
                {ACTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tk(`rules.action.${k}`)}
                  </option>
                ))}
              </SelectField>
              {a.kind === "handoff" && (
                <SelectField label={t("rules.editor.team")} value={a.f.teamId ?? ""} onChange={(v) => f("teamId", v)} error={err(`${p}.teamId`)}>
                  <option value="">{t("rules.editor.anyTeam")}</option>
                  {teams.data?.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
                </SelectField>
              )}
              {a.kind === "assign_agent" && (
                <SelectField label={t("rules.editor.agent")} value={a.f.agentId ?? ""} onChange={(v) => f("agentId", v)} error={err(`${p}.agentId`)}>
                  <option value="">—</option>
                  {members.data?.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
                </SelectField>
              )}
              {a.kind === "set_priority" && (
                <SelectField label={t("rules.editor.priority")} value={a.f.priority ?? "high"} onChange={(v) => f("priority", v)} error={err(`${p}.priority`)}>
                  {PRIORITIES.map((x) => <option key={x} value={x}>{tk(`rules.priority.${x}`)}</option>)}
                </SelectField>
              )}
              {a.kind === "send_message" && <TextField label={t("rules.editor.text")} value={a.f.text ?? ""} onChange={(e) => f("text", e.target.value)} error={err(`${p}.text`)} maxLength={1000} />}
              {a.kind === "add_tags" && <TextField label={t("rules.editor.tags")} value={a.f.tags ?? ""} onChange={(e) => f("tags", e.target.value)} error={err(`${p}.tags`)} />}
              {a.kind === "notify" && (
                <>
                  <SelectField label={t("rules.editor.channel")} value={a.f.channel ?? "webhook"} onChange={(v) => f("channel", v)}>
                    <option value="webhook">Webhook</option>
                    <option value="email">E-mail</option>
                  </SelectField>
                  <TextField label={t("rules.editor.target")} value={a.f.target ?? ""} onChange={(e) => f("target", e.target.value)} error={err(`${p}.target`)} />
                </>
              )}
              <div className="sm:col-span-2">
                <Button type="button" variant="ghost" onClick={() => setActions((as) => as.filter((_, j) => j !== i))} disabled={actions.length === 1}>
                  {t("rules.editor.remove")}
                </Button>
              </div>
            </div>
          );
        })}
        <Button type="button" variant="secondary" onClick={() => setActions((as) => [...as, { kind: "add_tags", f: {} }])}>
          {t("rules.editor.addAction")}
        </Button>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={cont} onChange={(e) => setCont(e.target.checked)} />
        {t("rules.editor.continue")}
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t("rules.editor.enabled")}
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}

function ConditionParams({
  draft,
  path,
  err,
  onChange,
  kbs,
}: {
  draft: Extract<ConditionDraft, { kind: ConditionKind }>;
  path: string;
  err: (path: string) => string | null;
  onChange: (next: ConditionDraft) => void;
  kbs: { id: string; name: string }[];
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
        <SelectField label={t("rules.editor.level")} value={v("level") || "negative"} onChange={set("level")}>
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
          <SelectField label={t("rules.editor.op")} value={v("op") || "eq"} onChange={set("op")} error={err(`${path}.op`)}>
            {ATTRIBUTE_OPS.map((op) => <option key={op} value={op}>{op}</option>)}
          </SelectField>
          {v("op") !== "exists" && text("value", "rules.editor.value", "value", { placeholder: "vip" })}
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
                  checked={draft.kbIds.includes(kb.id)}
                  onChange={(e) => onChange({ ...draft, kbIds: e.target.checked ? [...draft.kbIds, kb.id] : draft.kbIds.filter((id) => id !== kb.id) })}
                />
                {kb.name}
              </label>
            ))}
            {err(path) && <p role="alert" className="text-red-600">{err(path)}</p>}
          </fieldset>
          {text("categories", "rules.editor.categories", "categories")}
        </>
      );
    default:
      return null;
  }
}
