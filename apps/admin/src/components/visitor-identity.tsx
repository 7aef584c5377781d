"use client";
import { type PrechatAnswerView } from "@kefu/domain";
import { cx } from "@kefu/ui";
import { PrechatAnswers } from "~/components/prechat/prechat-answers";
import { useI18n } from "~/lib/i18n";

/** What the inbox and the conversation page know of a visitor's identity (conversations.ts, inbox.ts). */
export interface VisitorIdentityView {
  attributes: unknown;
  verifiedUserId: string | null;
  claimedUserId: string | null;
  attributesVerified: boolean;
  /** What they typed into the bot's pre-chat form (never verified). */
  prechat?: readonly PrechatAnswerView[];
}

export function attributeEntries(value: unknown): [string, string][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}

/** "Verified" or "Unverified (claimed by the visitor's browser)": a fact the website signed, or a claim. */
export function IdentityMark({ verified, testId }: { verified: boolean; testId?: string }) {
  const { t } = useI18n();
  return (
    <span
      data-testid={testId}
      data-verified={verified ? "true" : "false"}
      className={cx(
        "ml-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium",
        verified ? "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200" : "bg-amber-50 text-amber-900 ring-1 ring-amber-200",
      )}
    >
      {verified ? `✓ ${t("identity.verified")}` : t("identity.unverified")}
    </span>
  );
}

/**
 * The visitor's user id, e-mail, name and attributes, each with whether the website signed it.
 * E-mail and name are the attributes of those names: agents tend to read them as facts.
 */
export function VisitorIdentity({ visitor }: { visitor: VisitorIdentityView }) {
  const { t } = useI18n();
  const userId = visitor.verifiedUserId ?? visitor.claimedUserId;
  const attributes = attributeEntries(visitor.attributes);
  const named = (key: string) => attributes.find(([k]) => k.toLowerCase() === key)?.[1];
  const email = named("email");
  const name = named("name");
  const attributesVerified = visitor.attributesVerified;
  return (
    <div className="space-y-2 text-sm" data-testid="visitor-identity">
      {userId ? (
        <p>
          <span className="text-slate-500">{t("identity.userId")}:</span> <span className="font-mono break-all">{userId}</span>
          <IdentityMark verified={visitor.verifiedUserId !== null} testId="identity-user-mark" />
        </p>
      ) : (
        <p className="text-slate-500">{t("identity.anonymous")}</p>
      )}
      {email && (
        <p>
          <span className="text-slate-500">{t("identity.email")}:</span> <span className="break-all">{email}</span>
          <IdentityMark verified={attributesVerified} testId="identity-email-mark" />
        </p>
      )}
      {name && (
        <p>
          <span className="text-slate-500">{t("identity.name")}:</span> {name}
          <IdentityMark verified={attributesVerified} testId="identity-name-mark" />
        </p>
      )}
      {attributes.length > 0 && (
        <div>
          <p className="text-xs text-slate-500">
            {t("identity.attributesMark")}
            <IdentityMark verified={attributesVerified} testId="identity-attributes-mark" />
          </p>
          <table className="mt-1 w-full text-left text-sm">
            <tbody>
              {attributes.map(([key, value]) => (
                <tr key={key} className="border-t border-slate-100">
                  <th scope="row" className="w-1/4 py-1 pr-3 font-mono text-xs font-normal text-slate-500">
                    {key}
                  </th>
                  <td className={cx("py-1 break-all", !attributesVerified && "italic")}>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PrechatAnswers answers={visitor.prechat ?? []} mark={<IdentityMark verified={false} testId="prechat-answers-mark" />} />
    </div>
  );
}
