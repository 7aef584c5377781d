"use client";
import { type AdminRouter } from "@kefu/api";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, Card, SelectField, TextField } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { type Member } from "~/components/team/members-card";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

type Team = inferRouterOutputs<AdminRouter>["team"]["list"][number];

function useRefreshTeams() {
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  return () => refresh(trpc.team.list.queryKey(), trpc.member.list.queryKey());
}

function TeamItem({ team, members, canManage }: { team: Team; members: Member[]; canManage: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const [renaming, setRenaming] = useState(false);
  const [toAdd, setToAdd] = useState("");
  const rename = useMutation(trpc.team.rename.mutationOptions({ onSuccess: async () => {
          await refresh();
          setRenaming(false);
        } }));
  const remove = useMutation(trpc.team.delete.mutationOptions({ onSuccess: refresh }));
  const addMember = useMutation(trpc.team.addMember.mutationOptions({ onSuccess: async () => {
          await refresh();
          setToAdd("");
        } }));
  const removeMember = useMutation(trpc.team.removeMember.mutationOptions({ onSuccess: refresh }));
  const error = remove.error ?? addMember.error ?? removeMember.error;
  const outside = members.filter((m) => !team.members.some((tm) => tm.membershipId === m.membershipId));

  function submitRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ id: team.id, name: String(new FormData(event.currentTarget).get("name") ?? "") });
  }

  return (
    <li className="space-y-3 py-4" data-testid="team-item">
      {renaming ? (
        <form onSubmit={submitRename} className="flex items-end gap-2" noValidate>
          <TextField
            label={t("team.teamName")}
            name="name"
            defaultValue={team.name}
            maxLength={60}
            className="flex-1"
            error={rename.error ? (fieldError(rename.error, "name") ?? errorMessage(rename.error)) : null}
          />
          <Button type="submit" disabled={rename.isPending}>
            {t("common.save")}
          </Button>
          <Button type="button" variant="ghost" onClick={() => {
              rename.reset();
              setRenaming(false);
            }}>
            {t("common.cancel")}
          </Button>
        </form>
      ) : (
        <div className="flex items-center gap-2">
          <h3 className="flex-1 font-semibold">{team.name}</h3>
          {canManage && (
            <>
              <Button variant="ghost" onClick={() => setRenaming(true)} aria-label={`${t("team.rename")}: ${team.name}`}>
                {t("team.rename")}
              </Button>
              <Button
                variant="ghost"
                className="text-red-700"
                aria-label={`${t("common.delete")}: ${team.name}`}
                onClick={() => window.confirm(fillTemplate(t("team.deleteConfirm"), { name: team.name })) && remove.mutate({ id: team.id })}
              >
                {t("common.delete")}
              </Button>
            </>
          )}
        </div>
      )}
      {error && <Alert>{errorMessage(error)}</Alert>}
      <ul className="flex flex-wrap gap-2" aria-label={`${t("team.members")}: ${team.name}`}>
        {team.members.length === 0 && <li className="text-sm text-slate-500">{t("team.noMembersInTeam")}</li>}
        {team.members.map((m) => (
          <li key={m.membershipId} className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pl-3 pr-1 text-sm">
            {m.name}
            {canManage && (
              <button
                type="button"
                className="rounded-full px-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
                aria-label={`${t("team.remove")}: ${m.name} (${team.name})`}
                onClick={() => removeMember.mutate({ teamId: team.id, membershipId: m.membershipId })}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {canManage && outside.length > 0 && (
        <div className="flex items-end gap-2">
          <SelectField
            label={t("team.memberToAdd")}
            compact
            value={toAdd}
            onChange={(e) => setToAdd(e.target.value)}
            aria-label={`${t("team.memberToAdd")} (${team.name})`}
          >
            <option value="">{t("inbox.transfer.choose")}</option>
            {outside.map((m) => (
              <option key={m.membershipId} value={m.membershipId}>
                {m.name} ({m.email})
              </option>
            ))}
          </SelectField>
          <Button
            variant="secondary"
            disabled={!toAdd || addMember.isPending}
            onClick={() => addMember.mutate({ teamId: team.id, membershipId: toAdd })}
          >
            {t("team.addToTeam")}
          </Button>
        </div>
      )}
    </li>
  );
}

export function TeamsCard({ teams, members, canManage }: { teams: Team[]; members: Member[]; canManage: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshTeams();
  const [name, setName] = useState("");
  const create = useMutation(trpc.team.create.mutationOptions({ onSuccess: async () => {
          await refresh();
          setName("");
        } }));

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }

  return (
    <Card title={t("team.teams")}>
      {canManage && (
        <form onSubmit={submit} className="flex items-start gap-2" aria-label={t("team.addTeam")} noValidate>
          <TextField
            label={t("team.newTeam")}
            value={name}
            maxLength={60}
            onChange={(e) => {
              setName(e.target.value);
              create.reset();
            }}
            className="flex-1"
            error={fieldError(create.error, "name")}
          />
          <Button type="submit" className="mt-6" disabled={create.isPending}>
            {t("team.addTeam")}
          </Button>
        </form>
      )}
      {formError(create.error, ["name"]) && (
        <div className="mt-3">
          <Alert>{formError(create.error, ["name"])}</Alert>
        </div>
      )}
      {teams.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">{t("team.noTeams")}</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label={t("team.teams")}>
          {teams.map((team) => (
            <TeamItem key={team.id} team={team} members={members} canManage={canManage} />
          ))}
        </ul>
      )}
    </Card>
  );
}
