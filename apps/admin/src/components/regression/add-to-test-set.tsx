"use client";
import { fillTemplate as fill } from "@kefu/domain";
import { Alert, Button, SelectField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** A covered knowledge gap into a test set: its question, expected to be answered from the entry that covers it. */
export function AddToTestSet({ botId, question, sourceId }: { botId: string; question: string; sourceId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const sets = useQuery(trpc.regression.listSets.queryOptions({ botId }));
  const [setId, setSetId] = useState("");
  const add = useMutation(trpc.regression.addCase.mutationOptions({ onSuccess: () => refresh(trpc.regression.listSets.queryKey({ botId })) }));
  if (!sets.data) return null;
  if (sets.data.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        <Link className="underline" href={`/improve/tests?bot=${botId}`}>
          {t("tests.fromGap.noSets")}
        </Link>
      </p>
    );
  }
  const chosen = setId || sets.data[0]!.id;
  const name = sets.data.find((s) => s.id === chosen)?.name ?? "";
  if (add.isSuccess) return <Alert tone="success">{fill(t("tests.fromGap.added"), { set: name })}</Alert>;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <SelectField label={t("tests.fromGap.set")} compact value={chosen} onChange={(e) => setSetId(e.target.value)}>
        {sets.data.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <Button variant="secondary" disabled={add.isPending} onClick={() => add.mutate({ setId: chosen, question, expectedSourceIds: [sourceId], origin: "gap" })}>
        {t("tests.fromGap.add")}
      </Button>
      {add.error && <Alert>{errorMessage(add.error)}</Alert>}
    </div>
  );
}
