"use client";
import { PRESENCES, type PresenceState } from "@kefu/domain";
import { Alert, cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

const DOT: Record<PresenceState, string> = { ONLINE: "bg-emerald-500", AWAY: "bg-amber-400", OFFLINE: "bg-slate-400" };

/**
 * The agent's own presence. Routing only gives conversations to ONLINE agents and the visitor is
 * offered "leave a message" when nobody is, so the agent chooses it explicitly (never automatic).
 */
export function PresenceSelector() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const me = useQuery(trpc.account.me.queryOptions());
  const members = useQuery(trpc.member.list.queryOptions());
  const current = members.data?.find((m) => m.userId === me.data?.user.id)?.presence;
  const set = useMutation(
    trpc.member.setPresence.mutationOptions({
      onSuccess: () => refresh(trpc.member.list.queryKey()),
    }),
  );
  const shown = set.isPending ? set.variables?.presence : current;

  return (
    <div className="flex flex-wrap items-center gap-3">
      <fieldset className="flex items-center gap-2" role="radiogroup" aria-label={t("inbox.presence")}>
        <legend className="sr-only">{t("inbox.presence")}</legend>
        <span className="text-sm font-medium text-slate-700" aria-hidden>
          {t("inbox.presence")}
        </span>
        <div className="flex rounded-lg bg-white p-1 shadow-sm ring-1 ring-slate-200">
          {PRESENCES.map((presence) => (
            <label
              key={presence}
              className={cx(
                "flex cursor-pointer items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium",
                shown === presence ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              <input
                type="radio"
                name="presence"
                value={presence}
                className="sr-only"
                checked={shown === presence}
                onChange={() => set.mutate({ presence })}
              />
              <span className={cx("h-2 w-2 rounded-full", DOT[presence])} aria-hidden />
              {t(`inbox.presence.${presence}` as MessageKey)}
            </label>
          ))}
        </div>
      </fieldset>
      {set.error && <Alert>{errorMessage(set.error)}</Alert>}
    </div>
  );
}
