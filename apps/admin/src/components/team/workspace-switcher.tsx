"use client";
import { type MessageKey } from "@kefu/ui/i18n";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";
import { switchWorkspace } from "~/lib/workspace";

/**
 * The tenant switcher of the header, for a person in several workspaces: the current one's name
 * otherwise. Switching reloads the dashboard in the chosen workspace.
 */
export function WorkspaceSwitcher({ current }: { current: { id: string; name: string } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const workspaces = useQuery(trpc.account.workspaces.queryOptions());
  const [switching, setSwitching] = useState(false);
  if (!workspaces.data || workspaces.data.length < 2) {
    return (
      <span className="truncate" data-testid="workspace-current">
        {current.name}
      </span>
    );
  }
  return (
    <select
      aria-label={t("workspace.switch")}
      data-testid="workspace-switcher"
      value={current.id}
      disabled={switching}
      onChange={(e) => {
        setSwitching(true);
        void switchWorkspace(e.target.value).catch(() => setSwitching(false));
      }}
      className="max-w-48 truncate rounded-md border-0 py-1 pl-2 pr-7 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300"
    >
      {workspaces.data.map((w) => (
        <option key={w.tenantId} value={w.tenantId}>
          {w.name} · {t(`team.role.${w.role}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}
