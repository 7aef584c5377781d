"use client";
import { type AdminRouter } from "@kefu/api";
import { EXPLANATION_EN, fillTemplate, ruleNameIn, TRANSLATED_PARAM_VALUES, type Explanation } from "@kefu/domain";
import { Alert, Button, Card, cx, SelectField, TextAreaField, TextField } from "@kefu/ui";
import { type Locale, type MessageKey, translator } from "@kefu/ui/i18n";
import { useMutation } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, type ReactNode, useState } from "react";
import { ConversationPicker, PickedConversation, type TesterConversation } from "~/components/tester-conversation-picker";
import { IdentityMark } from "~/components/visitor-identity";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

/** Renders an engine explanation (code + params) in a language; English falls back to the domain's text. */
export function renderExplanation(locale: Locale, e: Explanation): string {
  const t = translator(locale);
  const template = t(`escalation.why.${e.code}` as MessageKey) ?? EXPLANATION_EN[e.code];
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(e.params)) {
    const words = (TRANSLATED_PARAM_VALUES as Record<string, readonly string[]>)[name];
    params[name] = words?.includes(String(value)) ? t(`escalation.value.${value}` as MessageKey) : value;
  }
  return fillTemplate(template, params);
}

/** "plan=vip" lines → attributes; numbers and true/false keep their type. Null when a line is malformed. */
function parseAttributes(text: string): Record<string, string | number | boolean> | null {
  const out: Record<string, string | number | boolean> = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf("=");
    if (at <= 0) return null;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    out[key] = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

const STATUS_TONE: Record<string, string> = {
  fired: "bg-emerald-50 ring-emerald-200",
  shadowed: "bg-amber-50 ring-amber-200",
  suppressed: "bg-amber-50 ring-amber-200",
};

/** Which rule would fire on a message, and why every other did not. Nothing is saved. */
export function RuleTester({ botId }: { botId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const [message, setMessage] = useState("");
  const [attributes, setAttributes] = useState("");
  const [at, setAt] = useState("");
  const [confidence, setConfidence] = useState("");
  const [streak, setStreak] = useState("");
  const [attributesError, setAttributesError] = useState(false);
  // Null until ticked or unticked: then a picked conversation's visitor counts as it was stored.
  const [attributesVerified, setAttributesVerified] = useState<boolean | null>(null);
  const [lang, setLang] = useState<Locale>(locale);
  const [conversation, setConversation] = useState<TesterConversation | null>(null);
  const test = useMutation(trpc.rule.test.mutationOptions());

  function submit(event: FormEvent) {
    event.preventDefault();
    const attrs = parseAttributes(attributes);
    setAttributesError(attrs === null);
    if (attrs === null) return;
    test.mutate({
      botId,
      message,
      attributes: attrs,
      ...(attributesVerified !== null || !conversation ? { attributesVerified: attributesVerified ?? false } : {}),
      ...(conversation ? { conversationId: conversation.id } : {}),
      // datetime-local is the admin's local wall time; the server gets the instant.
      ...(at ? { at: new Date(at).toISOString() } : {}),
      ...(confidence.trim() ? { confidence: Number(confidence) } : {}),
      ...(streak.trim() ? { unansweredStreak: Number(streak) } : {}),
    });
  }

  const data = test.data;
  const say = (e: Explanation) => renderExplanation(lang, e);
  return (
    <Card title={t("rules.tester.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("rules.tester.help")}</p>
      <form onSubmit={submit} className="space-y-3" aria-label={t("rules.tester.title")}>
        {conversation ? (
          <PickedConversation
            conversation={conversation}
            onClear={() => {
              setConversation(null);
              setAttributesVerified(null);
              test.reset(); // the last result was about that conversation
            }}
          />
        ) : (
          <ConversationPicker
            botId={botId}
            onPick={(picked) => {
              setConversation(picked);
              setAttributesVerified(null);
              if (picked.lastVisitorMessage) setMessage(picked.lastVisitorMessage);
              test.reset();
            }}
          />
        )}
        <TextField label={t("rules.tester.message")} value={message} onChange={(e) => setMessage(e.target.value)} maxLength={4000} error={fieldError(test.error, "message")} />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextAreaField
            label={t("rules.tester.attributes")}
            value={attributes}
            onChange={(e) => setAttributes(e.target.value)}
            rows={3}
            placeholder={"plan=vip\nlifetime_value=1200"}
            error={attributesError ? t("rules.tester.attributesError") : fieldError(test.error, "attributes")}
          />
          <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2 sm:order-last">
            <input
              type="checkbox"
              checked={attributesVerified ?? false}
              onChange={(e) => setAttributesVerified(e.target.checked)}
              data-testid="rule-tester-verified"
            />
            {t("identity.testerVerified")}
          </label>
          <div className="space-y-3">
            <TextField label={t("rules.tester.at")} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} error={fieldError(test.error, "at")} />
            <div className="grid grid-cols-2 gap-2">
              <TextField label={t("rules.tester.confidence")} inputMode="decimal" value={confidence} onChange={(e) => setConfidence(e.target.value)} error={fieldError(test.error, "confidence")} />
              <TextField label={t("rules.tester.streak")} inputMode="numeric" value={streak} onChange={(e) => setStreak(e.target.value)} error={fieldError(test.error, "unansweredStreak")} />
            </div>
          </div>
        </div>
        <div className="flex items-end gap-3">
          <Button type="submit" disabled={test.isPending || !message.trim()}>
            {test.isPending ? t("common.loading") : t("rules.tester.run")}
          </Button>
          <SelectField label={t("rules.tester.language")} value={lang} onChange={(e) => setLang(e.target.value as Locale)} className="w-32">
            <option value="en">English</option>
            <option value="zh">中文</option>
          </SelectField>
        </div>
      </form>
      {test.error && !fieldError(test.error, "message") && !fieldError(test.error, "conversationId") && (
        <div className="mt-3">
          <Alert>{errorMessage(test.error)}</Alert>
        </div>
      )}
      {data && (
        <div className="mt-4 space-y-3" data-testid="rule-tester-result" aria-live="polite">
          <div className={cx("rounded-md px-3 py-2 text-sm ring-1", data.decision.escalate ? "bg-indigo-50 ring-indigo-200" : "bg-slate-50 ring-slate-200")}>
            <p className="font-medium" data-testid="rule-tester-decision">
              {data.decision.escalate
                ? `${t("rules.tester.escalates")}: ${data.decision.matched.map((m) => m.name).join(", ")}`
                : t("rules.tester.noEscalation")}
            </p>
            {data.decision.reason && (
              <p>
                {t("rules.tester.reason")}: {t(`rules.reason.${data.decision.reason}` as MessageKey)}
                {data.decision.offline && ` · ${t("rules.tester.offline")}`}
              </p>
            )}
            {data.decision.actions.length > 0 && (
              <p>
                {t("rules.tester.actions")}: {data.decision.actions.map((a) => t(`rules.action.${a.kind}` as MessageKey)).join(" · ")}
              </p>
            )}
            <p className="mt-1 text-xs text-slate-600">
              {t("rules.tester.assumed")}: {data.state.confidence !== null && `${t("playground.confidence")} ${data.state.confidence.toFixed(2)} · `}
              {data.state.openNow ? t("rules.tester.open") : t("rules.tester.closed")}
              {data.state.timeZone && ` (${data.state.timeZone})`} · {data.state.agentsOnline ? t("rules.tester.agentsOnline") : t("rules.tester.noAgents")}
              {data.retrieval && ` · ${data.retrieval.topSource ?? "—"}`}
            </p>
          </div>
          <TesterAssumptions state={data.state} />
          <h4 className="text-sm font-semibold">{t("rules.tester.trace")}</h4>
          <ol className="space-y-2" aria-label={t("rules.tester.trace")}>
            {data.decision.trace.map((rule) => (
              <li key={rule.ruleId} className={cx("rounded-md px-3 py-2 text-sm ring-1", STATUS_TONE[rule.status] ?? "bg-white ring-slate-200")} data-status={rule.status}>
                <p className="flex justify-between gap-2">
                  <span className="font-medium">{ruleNameIn(rule.name, locale)}</span>
                  <span className="text-xs text-slate-600">{t(`rules.status.${rule.status}` as MessageKey)}</span>
                </p>
                <ul className="mt-1 list-disc pl-5 text-slate-700">
                  {rule.explanations.map((e, i) => (
                    <li key={i}>{say(e)}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Card>
  );
}

type TesterState = inferRouterOutputs<AdminRouter>["rule"]["test"]["state"];

/** What the engine was told: the conversation's state and the attributes, so a surprise can be traced. */
function TesterAssumptions({ state }: { state: TesterState }) {
  const { t, locale } = useI18n();
  const when = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  const attributes = Object.entries(state.attributes);
  const row = (label: string, value: ReactNode) => (
    <div key={label} className="flex gap-2">
      <dt className="w-44 shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800">{value}</dd>
    </div>
  );
  return (
    <details className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-200" data-testid="rule-tester-state" open={!!state.conversation}>
      <summary className="cursor-pointer font-medium">{t("rules.tester.state.title")}</summary>
      <dl className="mt-2 space-y-1 text-xs">
        {row(
          t("rules.tester.state.conversation"),
          state.conversation ? `${state.conversation.id.slice(-6)} · ${t("rules.tester.state.started")} ${when.format(state.conversation.startedAt)}` : t("rules.tester.state.hypothetical"),
        )}
        {row(t("rules.tester.state.status"), t(`inbox.status.${state.status.toUpperCase()}` as MessageKey))}
        {row(t("rules.tester.state.messages"), state.messageCount)}
        {row(t("rules.tester.state.streak"), state.consecutiveUnanswered)}
        {row(t("rules.tester.state.hours"), `${state.openNow ? t("rules.tester.open") : t("rules.tester.closed")}${state.timeZone ? ` (${state.timeZone})` : ""}`)}
        {row(t("rules.tester.state.agents"), state.agentsOnline ? t("rules.tester.agentsOnline") : t("rules.tester.noAgents"))}
        {state.cooldown && row(t("rules.tester.state.cooldown"), fillTemplate(t("rules.tester.state.cooldownTurns"), { turns: state.cooldown.turnsLeft }))}
        {row(
          t("rules.tester.state.attributes"),
          attributes.length === 0 ? (
            t("rules.tester.state.noAttributes")
          ) : (
            <ul>
              {attributes.map(([key, value]) => (
                <li key={key}>
                  <code>{key}</code> = <code>{typeof value === "string" ? value : JSON.stringify(value)}</code>
                  {state.typedAttributes.includes(key) && <span className="text-slate-500"> ({t("rules.tester.state.typed")})</span>}
                </li>
              ))}
            </ul>
          ),
        )}
        {row(t("identity.attributesMark"), <IdentityMark verified={state.attributesVerified} testId="rule-tester-verified-mark" />)}
      </dl>
    </details>
  );
}
