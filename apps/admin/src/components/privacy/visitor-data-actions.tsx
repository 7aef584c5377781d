"use client";
import { fillTemplate, roleCan } from "@kefu/domain";
import { Alert, Button } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { downloadText } from "~/lib/download";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

/**
 * "Export visitor data" (everything stored about the visitor, as JSON) and "Delete visitor data"
 * (after a confirmation), for a visitor's access and erasure requests. Owners and admins only.
 */
export function VisitorDataActions({ visitorId, afterDelete = "/conversations" }: { visitorId: string; afterDelete?: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const me = useQuery(trpc.account.me.queryOptions());
  const [exported, setExported] = useState<string | null>(null);
  const exportData = useMutation(
    trpc.privacy.exportVisitor.mutationOptions({
      onSuccess: (data) => {
        const fileName = `visitor-${visitorId}.json`;
        downloadText(JSON.stringify(data, null, 2), fileName, "application/json");
        setExported(fileName);
      },
    }),
  );
  const remove = useMutation(
    trpc.privacy.deleteVisitor.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        router.push(afterDelete);
      },
    }),
  );
  if (!me.data || !roleCan(me.data.role, "visitorData.manage")) return null;
  const error = errorMessage(exportData.error ?? remove.error);
  return (
    <section className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-label={t("visitorData.title")}>
      <h2 className="text-sm font-semibold">{t("visitorData.title")}</h2>
      <p className="text-xs text-slate-500">{t("visitorData.hint")}</p>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" disabled={exportData.isPending} onClick={() => exportData.mutate({ visitorId })} data-testid="visitor-export">
          {t("visitorData.export")}
        </Button>
        <Button
          type="button"
          variant="danger"
          disabled={remove.isPending}
          data-testid="visitor-delete"
          onClick={() => {
            if (window.confirm(t("visitorData.deleteConfirm"))) remove.mutate({ visitorId });
          }}
        >
          {t("visitorData.delete")}
        </Button>
      </div>
      {exported && !error && <Alert tone="success">{fillTemplate(t("visitorData.exported"), { file: exported })}</Alert>}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
