"use client";
import { fillTemplate, ruleNameIn } from "@kefu/domain";
import { Card } from "@kefu/ui";
import { type ReactNode } from "react";
import { reasonLabel, type InboxConversation } from "~/components/inbox/shared";
import { attributeEntries, VisitorIdentity } from "~/components/visitor-identity";
import { VisitorDataActions } from "~/components/privacy/visitor-data-actions";
import { useI18n } from "~/lib/i18n";

/** The stored summary is JSON; read it defensively (older rows, other providers). */
function readSummary(value: unknown): { wants: string; tried: string[] } | null {
  if (!value || typeof value !== "object") return null;
  const v = value as { wants?: unknown; tried?: unknown };
  const wants = typeof v.wants === "string" ? v.wants : "";
  const tried = Array.isArray(v.tried) ? v.tried.filter((x): x is string => typeof x === "string") : [];
  return wants || tried.length ? { wants, tried } : null;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

/** The handoff summary goes first: it is what the agent needs before reading the transcript. */
export function HandoffSummaryCard({ conversation }: { conversation: InboxConversation }) {
  const { t } = useI18n();
  const summary = readSummary(conversation.handoffSummary);
  return (
    <Card title={t("inbox.summary")} className="ring-indigo-200">
      {summary ? (
        <dl className="space-y-3" data-testid="handoff-summary">
          <Row label={t("inbox.summary.wants")}>{summary.wants || "—"}</Row>
          <Row label={t("inbox.summary.tried")}>
            {summary.tried.length ? (
              <ul className="list-disc space-y-1 pl-5">
                {summary.tried.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : (
              t("inbox.triedNothing")
            )}
          </Row>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">{t("inbox.noSummary")}</p>
      )}
    </Card>
  );
}

export function ConversationDetails({ conversation }: { conversation: InboxConversation }) {
  const { t, locale } = useI18n();
  const attributeCount = attributeEntries(conversation.visitor.attributes).length;
  const reason = reasonLabel(t, conversation.escalationReason);
  return (
    <Card title={t("inbox.details")}>
      <dl className="space-y-3">
        {reason && <Row label={t("inbox.reason")}>{reason}</Row>}
        {conversation.rule && <Row label={t("inbox.rule")}>{ruleNameIn(conversation.rule.name, locale)}</Row>}
        {conversation.contactEmail && (
          <Row label={t("inbox.contact")}>
            <a className="text-indigo-600 hover:underline" href={`mailto:${conversation.contactEmail}`}>
              {conversation.contactEmail}
            </a>
          </Row>
        )}
        {conversation.rating !== null && (
          <Row label={t("inbox.rating")}>
            <span aria-hidden>{"★".repeat(conversation.rating)}</span> {fillTemplate(t("inbox.ratingValue"), { n: conversation.rating })}
          </Row>
        )}
        {conversation.ratingComment && (
          <Row label={t("inbox.ratingComment")}>
            <span className="whitespace-pre-wrap break-words" data-testid="inbox-rating-comment">
              {conversation.ratingComment}
            </span>
          </Row>
        )}
        <Row label={t("identity.section")}>
          <VisitorIdentity visitor={conversation.visitor} />
          {attributeCount === 0 && conversation.visitor.prechat.length === 0 && <span className="text-slate-500">{t("inbox.noAttributes")}</span>}
        </Row>
      </dl>
      <div className="mt-4">
        <VisitorDataActions visitorId={conversation.visitor.id} afterDelete="/inbox" />
      </div>
    </Card>
  );
}
