"use client";
import { fillTemplate as fill } from "@kefu/domain";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

/** On the bot page: questions of its test sets that passed before the latest knowledge change and fail now. */
export function NewFailuresCard({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const flagged = useQuery(trpc.regression.newFailures.queryOptions({ botId }));
  if (!flagged.data || flagged.data.length === 0) return null;
  return (
    <section role="alert" aria-label={t("tests.alertTitle")} className="space-y-3 rounded-xl bg-red-50 p-4 text-sm text-red-900 ring-1 ring-red-200">
      <h2 className="font-semibold">{t("tests.alertTitle")}</h2>
      {flagged.data.map((set) => (
        <div key={set.setId}>
          <p>{fill(t("tests.alertBody"), { count: String(set.failures.length), set: set.setName })}</p>
          <ul className="mt-1 list-disc pl-5">
            {set.failures.map((f) => (
              <li key={f.caseId}>{f.question}</li>
            ))}
          </ul>
          <Link className="mt-1 inline-block font-medium underline" href={`/improve/tests?bot=${botId}&set=${set.setId}&run=${set.run.id}`}>
            {t("tests.alertLink")}
          </Link>
        </div>
      ))}
    </section>
  );
}
