"use client";
import { ruleNameIn, type ConditionNode } from "@kefu/domain";
import { Alert, Button, Card, cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { HandoffSettings } from "~/components/handoff-settings";
import { RuleEditor, type Rule } from "~/components/rule-editor";
import { RuleTester } from "~/components/rule-tester";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** A one-line summary of a condition tree, e.g. "Visitor asks for a human · Keyword". */
function summarise(node: ConditionNode | null, label: (kind: string) => string): string {
  if (!node) return "—";
  if ("kind" in node) return label(node.kind);
  const children = "all" in node ? node.all : node.any;
  return children.map((c) => summarise(c, label)).join("all" in node ? " + " : " / ");
}

/** The bot's handoff rules: order, on/off, edit, delete, defaults, and the rule tester. */
export function RulesCard({ botId }: { botId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshQueries = useRefreshQueries();
  const listKey = trpc.rule.list.queryKey({ botId });
  const rules = useQuery(trpc.rule.list.queryOptions({ botId }));
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const refresh = () => refreshQueries(listKey);
  const setList = (list: NonNullable<typeof rules.data>) => queryClient.setQueryData(listKey, list);
  // The switch moves at once; the server's answer (or error) settles it.
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const toggle = useMutation(
    trpc.rule.setEnabled.mutationOptions({
      onSettled: async (_data, _error, input) => {
        await refresh();
        setSwitching(({ [input.id]: _done, ...rest }) => rest);
      },
    }),
  );
  const shownEnabled = (rule: Rule) => switching[rule.id] ?? rule.enabled;
  const remove = useMutation(trpc.rule.delete.mutationOptions({ onSuccess: refresh }));
  const reorder = useMutation(trpc.rule.reorder.mutationOptions({ onSuccess: setList, onError: refresh }));
  const defaults = useMutation(trpc.rule.installDefaults.mutationOptions({ onSuccess: setList }));
  const error = toggle.error ?? remove.error ?? reorder.error ?? defaults.error;
  const label = (kind: string) => t(`rules.condition.${kind}` as MessageKey);

  function move(index: number, by: -1 | 1) {
    const ids = (rules.data ?? []).map((r) => r.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + by, 0, id);
    reorder.mutate({ botId, ids });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card
        title={t("rules.title")}
        actions={
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => defaults.mutate({ botId })} disabled={defaults.isPending}>
              {t("rules.addDefaults")}
            </Button>
            <Button onClick={() => setEditing("new")}>{t("rules.add")}</Button>
          </div>
        }
      >
        <HandoffSettings botId={botId} />
        <p className="mb-3 text-sm text-slate-600">{t("rules.intro")}</p>
        {error && (
          <div className="mb-3">
            <Alert>{errorMessage(error)}</Alert>
          </div>
        )}
        {editing && (
          <div className="mb-4">
            <RuleEditor key={editing === "new" ? "new" : editing.id} botId={botId} rule={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
          </div>
        )}
        {rules.isPending && <p className="text-sm text-slate-500">{t("common.loading")}</p>}
        {rules.error && <Alert>{errorMessage(rules.error)}</Alert>}
        {rules.data?.length === 0 && <p className="text-sm text-slate-500">{t("rules.empty")}</p>}
        <ol className="space-y-2" aria-label={t("rules.title")}>
          {rules.data?.map((rule, i) => (
            <li key={rule.id} className={cx("rounded-md px-3 py-2 text-sm ring-1 ring-slate-200", !rule.enabled && "opacity-60")} data-testid="rule-row">
              {/* On a phone the buttons wrap under the name rather than widening the page. */}
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs text-slate-500">{i + 1}</span>
                <span className="min-w-[12rem] flex-1 font-medium">{ruleNameIn(rule.name, locale)}</span>
                <label className="flex items-center gap-1 text-xs">
                  <input
                    type="checkbox"
                    role="switch"
                    aria-checked={shownEnabled(rule)}
                    checked={shownEnabled(rule)}
                    onChange={(e) => {
                      setSwitching((prev) => ({ ...prev, [rule.id]: e.target.checked }));
                      toggle.mutate({ id: rule.id, enabled: e.target.checked });
                    }}
                    aria-label={`${t("rules.enabled")}: ${rule.name}`}
                  />
                  {t("rules.enabled")}
                </label>
                <Button variant="ghost" aria-label={`${t("rules.moveUp")}: ${rule.name}`} disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)}>
                  ↑
                </Button>
                <Button
                  variant="ghost"
                  aria-label={`${t("rules.moveDown")}: ${rule.name}`}
                  disabled={i === (rules.data?.length ?? 0) - 1 || reorder.isPending}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </Button>
                <Button variant="ghost" onClick={() => setEditing({ ...rule, conditions: rule.conditions })} aria-label={`${t("common.edit")}: ${rule.name}`}>
                  {t("common.edit")}
                </Button>
                <Button
                  variant="ghost"
                  aria-label={`${t("common.delete")}: ${rule.name}`}
                  onClick={() => {
                    if (window.confirm(t("rules.deleteConfirm"))) remove.mutate({ id: rule.id });
                  }}
                >
                  {t("common.delete")}
                </Button>
              </div>
              <p className="mt-1 text-xs text-slate-600">
                {t("rules.when")} {summarise(rule.conditions, label)} → {t("rules.then")}{" "}
                {rule.actions.map((a) => t(`rules.action.${a.kind}` as MessageKey)).join(", ")}
                {rule.continue && ` · ${t("rules.continues")}`}
              </p>
              {!rule.valid && <p className="mt-1 text-xs text-red-600">{t("rules.invalid")}</p>}
            </li>
          ))}
        </ol>
      </Card>
      <RuleTester botId={botId} />
    </div>
  );
}
