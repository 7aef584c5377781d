"use client";
import { type AdminRouter } from "@kefu/api";
import { PRIORITIES, type Action, type ActionKind, type ConditionNode } from "@kefu/domain";
import { Alert, Button, SelectField, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { ConditionGroupEditor } from "~/components/condition-group-editor";
import { fieldPaths as conditionFieldPaths, toDraft, toWire, type Fields, type GroupDraft } from "~/components/rules/condition-tree";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

const ACTION_KINDS: ActionKind[] = ["handoff", "set_priority", "assign_agent", "send_message", "add_tags", "notify", "collect_contact"];

type ActionDraft = { kind: ActionKind; f: Fields };

export type Rule = inferRouterOutputs<AdminRouter>["rule"]["list"][number];

const list = (text: string | undefined) => (text ?? "").split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);

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

/** Structured rule builder: nested all/any groups, conditions and actions picked from lists, errors per field. */
export function RuleEditor({ botId, rule, onDone }: { botId: string; rule: Rule | null; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const teams = useQuery(trpc.team.list.queryOptions());
  const members = useQuery(trpc.member.list.queryOptions());
  const kbs = useQuery(trpc.knowledgeBase.list.queryOptions());
  const group = rule?.conditions ?? { all: [{ kind: "visitor_asks_human" } as ConditionNode] };
  const [name, setName] = useState(rule?.name ?? "");
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [cont, setCont] = useState(rule?.continue ?? false);
  const [conditions, setConditions] = useState<GroupDraft>(() => toDraft(group) as GroupDraft);
  const [actions, setActions] = useState<ActionDraft[]>((rule?.actions ?? [{ kind: "handoff" }]).map(actionDraft));

  const done = async () => {
    await refresh(trpc.rule.list.queryKey({ botId }));
    onDone();
  };
  const create = useMutation(trpc.rule.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.rule.update.mutationOptions({ onSuccess: done }));
  const save = rule ? update : create;
  const error = save.error;
  const err = (path: string) => fieldError(error, path);

  const fieldPaths = ["name", "actions", ...conditionFieldPaths(conditions)];
  actions.forEach((_, i) => ["", ".teamId", ".agentId", ".priority", ".text", ".tags", ".channel", ".target"].forEach((s) => fieldPaths.push(`actions.${i}${s}`)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name,
      enabled,
      continue: cont,
      conditions: toWire(conditions) as never,
      actions: actions.map(toAction) as never,
    };
    if (rule) update.mutate({ id: rule.id, ...fields });
    else create.mutate({ botId, ...fields });
  }

  const setAct = (i: number, next: ActionDraft) => setActions((as) => as.map((a, j) => (j === i ? next : a)));
  const tk = (key: string) => t(key as MessageKey);

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" aria-label={rule ? t("rules.editor.editTitle") : t("rules.editor.newTitle")}>
      <h3 className="text-sm font-semibold">{rule ? t("rules.editor.editTitle") : t("rules.editor.newTitle")}</h3>
      {formError(error, fieldPaths) && <Alert>{formError(error, fieldPaths)}</Alert>}
      <TextField label={t("rules.editor.name")} value={name} onChange={(e) => setName(e.target.value)} error={err("name")} maxLength={80} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t("rules.editor.conditions")}</legend>
        <ConditionGroupEditor root={conditions} onChange={setConditions} err={err} kbs={kbs.data ?? []} />
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">{t("rules.editor.actions")}</legend>
        {err("actions") && <p role="alert" className="text-sm text-red-600">{err("actions")}</p>}
        {actions.map((a, i) => {
          const p = `actions.${i}`;
          const f = (key: string, value: string) => setAct(i, { ...a, f: { ...a.f, [key]: value } });
          return (
            <div key={i} className="grid gap-2 rounded-md bg-white p-3 ring-1 ring-slate-200 sm:grid-cols-2" role="group" aria-label={`${t("rules.editor.actions")} ${i + 1}`}>
              <SelectField label={t("rules.editor.kind")} value={a.kind} onChange={(e) => setAct(i, { kind: e.target.value as ActionKind, f: {} })} error={err(p)}>
                {ACTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {tk(`rules.action.${k}`)}
                  </option>
                ))}
              </SelectField>
              {a.kind === "handoff" && (
                <SelectField label={t("rules.editor.team")} value={a.f.teamId ?? ""} onChange={(e) => f("teamId", e.target.value)} error={err(`${p}.teamId`)}>
                  <option value="">{t("rules.editor.anyTeam")}</option>
                  {teams.data?.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
                </SelectField>
              )}
              {a.kind === "assign_agent" && (
                <SelectField label={t("rules.editor.agent")} value={a.f.agentId ?? ""} onChange={(e) => f("agentId", e.target.value)} error={err(`${p}.agentId`)}>
                  <option value="">—</option>
                  {members.data?.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
                </SelectField>
              )}
              {a.kind === "set_priority" && (
                <SelectField label={t("rules.editor.priority")} value={a.f.priority ?? "high"} onChange={(e) => f("priority", e.target.value)} error={err(`${p}.priority`)}>
                  {PRIORITIES.map((x) => <option key={x} value={x}>{tk(`rules.priority.${x}`)}</option>)}
                </SelectField>
              )}
              {a.kind === "send_message" && <TextField label={t("rules.editor.text")} value={a.f.text ?? ""} onChange={(e) => f("text", e.target.value)} error={err(`${p}.text`)} maxLength={1000} />}
              {a.kind === "add_tags" && <TextField label={t("rules.editor.tags")} value={a.f.tags ?? ""} onChange={(e) => f("tags", e.target.value)} error={err(`${p}.tags`)} />}
              {a.kind === "notify" && (
                <>
                  <SelectField label={t("rules.editor.channel")} value={a.f.channel ?? "webhook"} onChange={(e) => f("channel", e.target.value)}>
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
