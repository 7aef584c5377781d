"use client";
import { Alert } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { CannedRepliesCard } from "~/components/team/canned-replies-card";
import { InviteCard, MembersCard } from "~/components/team/members-card";
import { LeaveWorkspaceCard, ProfileCard } from "~/components/team/profile-card";
import { TeamsCard } from "~/components/team/teams-card";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** Members, invites, teams and canned replies. Agents see the lists; owners and admins change them. */
export function TeamSettings() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const members = useQuery(trpc.member.list.queryOptions());
  const teams = useQuery(trpc.team.list.queryOptions());
  // The server checks team.manage / member.manage; this only hides controls that would fail.
  const canManage = me.data?.role === "OWNER" || me.data?.role === "ADMIN";
  const error = me.error ?? members.error ?? teams.error;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("team.title")}</h1>
      {error && <Alert>{errorMessage(error)}</Alert>}
      {me.data && !canManage && <Alert tone="info">{t("team.readOnly")}</Alert>}
      {(members.isPending || teams.isPending) && <p className="text-slate-500">{t("common.loading")}</p>}
      {canManage && <InviteCard />}
      {members.data && (
        <MembersCard members={members.data} canManage={canManage} me={me.data ? { userId: me.data.user.id, role: me.data.role } : undefined} />
      )}
      {teams.data && members.data && <TeamsCard teams={teams.data} members={members.data} canManage={canManage} />}
      {me.data && <CannedRepliesCard canManage={canManage} />}
      <ProfileCard />
      {me.data && <LeaveWorkspaceCard tenant={me.data.tenant} />}
    </div>
  );
}
