"use client";
import { type PrechatAnswerView } from "@kefu/domain";
import { type ReactNode } from "react";
import { useI18n } from "~/lib/i18n";

const BUILTIN_LABELS = { name: "prechat.name", email: "prechat.email", phone: "prechat.phone" } as const;

/** What the visitor typed into the pre-chat form, under the form's labels: typed, so never marked verified. */
export function PrechatAnswers({ answers, mark }: { answers: readonly PrechatAnswerView[]; mark: ReactNode }) {
  const { t } = useI18n();
  if (answers.length === 0) return null;
  const labelOf = (answer: PrechatAnswerView) =>
    answer.label ?? (answer.key in BUILTIN_LABELS ? t(BUILTIN_LABELS[answer.key as keyof typeof BUILTIN_LABELS]) : answer.key);
  return (
    <div data-testid="prechat-answers">
      <p className="text-xs text-slate-500">
        {t("prechat.answers")}
        {mark}
      </p>
      <table className="mt-1 w-full text-left text-sm">
        <tbody>
          {answers.map((answer) => (
            <tr key={answer.key} className="border-t border-slate-100">
              <th scope="row" className="w-1/3 py-1 pr-3 text-xs font-normal text-slate-500">
                {labelOf(answer)}
              </th>
              <td className="break-all py-1">{answer.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
