"use client";
import { Alert, Button } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { type InboxConversation } from "~/components/inbox/shared";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

function TransferControl({ conversation, onDone }: { conversation: InboxConversation; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const members = useQuery(trpc.member.list.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  const [target, setTarget] = useState("");
  const transfer = useMutation(trpc.inbox.transfer.mutationOptions({ onSuccess: onDone }));

  function submit() {
    const [kind, id] = target.split(":") as ["agent" | "team", string];
    if (!id) return;
    transfer.mutate(kind === "agent" ? { id: conversation.id, agentId: id } : { id: conversation.id, teamId: id }, {
      onSuccess: () => setTarget(""),
    });
  }

  const err = transfer.error;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-end gap-2">
        <label className="text-xs font-medium text-slate-600">
          {t("inbox.transferTo")}
          <select
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            className="mt-1 block rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300"
          >
            <option value="">{t("inbox.transfer.choose")}</option>
            <optgroup label={t("inbox.transfer.agents")}>
              {members.data
                ?.filter((m) => m.userId !== conversation.assigneeId)
                .map((m) => (
                  <option key={m.userId} value={`agent:${m.userId}`}>
                    {m.name} ({t(`inbox.presence.${m.presence}` as MessageKey)})
                  </option>
                ))}
            </optgroup>
            <optgroup label={t("inbox.transfer.teams")}>
              {teams.data?.map((team) => (
                <option key={team.id} value={`team:${team.id}`}>
                  {team.name}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <Button variant="secondary" onClick={submit} disabled={!target || transfer.isPending}>
          {t("inbox.transfer")}
        </Button>
      </div>
      {err && <Alert>{fieldError(err, "agentId") ?? errorMessage(err)}</Alert>}
    </div>
  );
}

/** Claim, resolve, hand back and transfer; the server decides who may, and says why not. */
export function ConversationActions({ conversation }: { conversation: InboxConversation }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const refresh = () =>
    void refreshQueries(trpc.inbox.get.queryKey({ id: conversation.id }), trpc.inbox.counts.queryKey(), trpc.inbox.list.queryKey());
  // A failed action (e.g. another agent claimed first) still changed what is true: refetch.
  const options = { onSuccess: refresh, onError: refresh };
  const claim = useMutation(trpc.inbox.claim.mutationOptions(options));
  const resolve = useMutation(trpc.inbox.resolve.mutationOptions(options));
  const handBack = useMutation(trpc.inbox.handBack.mutationOptions(options));
  const error = claim.error ?? resolve.error ?? handBack.error;
  const busy = claim.isPending || resolve.isPending || handBack.isPending;
  const open = conversation.status === "QUEUED" || conversation.status === "ASSIGNED";
  const input = { id: conversation.id };
  // One error at a time: the latest action's.
  const run = (action: { mutate: (input: { id: string }) => void }) => {
    [claim, resolve, handBack].forEach((m) => m.reset());
    action.mutate(input);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        {conversation.status === "QUEUED" && (
          <Button onClick={() => run(claim)} disabled={busy}>
            {t("inbox.claim")}
          </Button>
        )}
        {open && (
          <>
            <Button variant="secondary" onClick={() => run(resolve)} disabled={busy}>
              {t("inbox.resolve")}
            </Button>
            <Button variant="ghost" onClick={() => run(handBack)} disabled={busy}>
              {t("inbox.handBack")}
            </Button>
            <div className="ml-auto">
              <TransferControl conversation={conversation} onDone={refresh} />
            </div>
          </>
        )}
      </div>
      {error && <Alert>{errorMessage(error)}</Alert>}
    </div>
  );
}
