"use client";
import { type AdminRouter } from "@kefu/api";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, Card, cx, SelectField, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";
import { Avatar } from "~/components/team/avatar";
import { CopyTextButton } from "~/components/copy-text-button";

export type Member = inferRouterOutputs<AdminRouter>["member"]["list"][number];

const PRESENCE_DOT = { ONLINE: "bg-emerald-500", AWAY: "bg-amber-400", OFFLINE: "bg-slate-400" } as const;

function MaxConcurrentForm({ member }: { member: Member }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const [value, setValue] = useState(String(member.maxConcurrent));
  const update = useMutation(
    trpc.member.update.mutationOptions({ onSuccess: () => refresh(trpc.member.list.queryKey()) }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ membershipId: member.membershipId, maxConcurrent: Number(value) });
  }
  const error = update.error ? (fieldError(update.error, "maxConcurrent") ?? errorMessage(update.error)) : null;
  return (
    <form onSubmit={submit} className="flex items-center gap-2">
      <input
        type="number"
        min={1}
        max={50}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          update.reset();
        }}
        aria-label={`${t("team.maxConcurrent")}: ${member.name}`}
        aria-invalid={error ? true : undefined}
        className={cx("w-20 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300", error && "ring-red-500")}
      />
      <Button type="submit" variant="secondary" className="px-2 py-1" disabled={update.isPending || value === String(member.maxConcurrent)}>
        {update.isSuccess && value === String(member.maxConcurrent) ? t("common.saved") : t("common.save")}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
    </form>
  );
}

type Role = Member["role"];

/**
 * Role and removal of one member. Only owners touch owners, and nobody changes themselves (the
 * server's rule, memberChangeRefusal); the controls follow it so that they never fail.
 */
function MemberControls({ member, me }: { member: Member; me: { userId: string; role: Role } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const done = { onSuccess: () => refresh(trpc.member.list.queryKey(), trpc.team.list.queryKey()) };
  const setRole = useMutation(trpc.member.setRole.mutationOptions(done));
  const remove = useMutation(trpc.member.remove.mutationOptions(done));
  const error = setRole.error ?? remove.error;
  if (member.userId === me.userId) return <span className="text-xs text-slate-500">{t("team.you")}</span>;
  if (member.role === "OWNER" && me.role !== "OWNER") return <span className="text-xs text-slate-500">{t("team.ownerOnly")}</span>;
  const roles: Role[] = me.role === "OWNER" ? ["OWNER", "ADMIN", "AGENT", "VIEWER"] : ["ADMIN", "AGENT", "VIEWER"];
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={`${t("team.inviteRole")}: ${member.name}`}
        value={member.role}
        disabled={setRole.isPending}
        onChange={(e) => setRole.mutate({ membershipId: member.membershipId, role: e.target.value as Role })}
        className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {t(`team.role.${role}` as MessageKey)}
          </option>
        ))}
      </select>
      <Button
        variant="secondary"
        className="px-2 py-1 text-red-700"
        disabled={remove.isPending}
        onClick={() => window.confirm(fillTemplate(t("team.removeConfirm"), { name: member.name })) && remove.mutate({ membershipId: member.membershipId })}
      >
        {t("team.removeMember")}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {errorMessage(error)}
        </span>
      )}
    </div>
  );
}

export function MembersCard({ members, canManage, me }: { members: Member[]; canManage: boolean; me?: { userId: string; role: Role } }) {
  const { t } = useI18n();
  return (
    <Card title={t("team.members")}>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label={t("team.members")}>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">{t("team.name")}</th>
              <th className="py-2 pr-4 font-medium">{t("team.email")}</th>
              <th className="py-2 pr-4 font-medium">{t("team.inviteRole")}</th>
              <th className="py-2 pr-4 font-medium">{t("team.presence")}</th>
              <th className="py-2 pr-4 font-medium">{t("team.maxConcurrent")}</th>
              <th className="py-2 pr-4 font-medium">{t("team.memberTeams")}</th>
              {canManage && me && <th className="py-2 font-medium">{t("team.manage")}</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.membershipId} className="border-t border-slate-100 align-middle">
                <td className="py-2 pr-4 font-medium">
                  <span className="inline-flex items-center gap-2">
                    <Avatar name={m.name} url={m.avatarUrl} />
                    {m.name}
                  </span>
                </td>
                <td className="py-2 pr-4 text-slate-600">{m.email}</td>
                <td className="py-2 pr-4">{t(`team.role.${m.role}` as MessageKey)}</td>
                <td className="py-2 pr-4">
                  <span className="inline-flex items-center gap-1.5">
                    <span className={cx("h-2 w-2 rounded-full", PRESENCE_DOT[m.presence])} aria-hidden />
                    {t(`inbox.presence.${m.presence}` as MessageKey)}
                  </span>
                </td>
                <td className="py-2 pr-4">{canManage ? <MaxConcurrentForm member={m} /> : m.maxConcurrent}</td>
                <td className="py-2 pr-4 text-slate-600">{m.teams.map((team) => team.name).join(", ") || "—"}</td>
                {canManage && me && (
                  <td className="py-2">
                    <MemberControls member={m} me={me} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

type InviteRole = "AGENT" | "ADMIN" | "VIEWER";

export function InviteCard() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [role, setRole] = useState<InviteRole>("AGENT");
  const [email, setEmail] = useState("");
  const invite = useMutation(trpc.member.invite.mutationOptions());
  const link = invite.data ? `${window.location.origin}/invite/${invite.data.token}` : null;

  return (
    <Card title={t("team.invite")}>
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          label={t("team.inviteEmail")}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          hint={t("team.inviteEmailHint")}
          error={invite.error ? fieldError(invite.error, "email") : undefined}
        />
        <SelectField label={t("team.inviteRole")} value={role} onChange={(e) => setRole(e.target.value as InviteRole)}>
          <option value="AGENT">{t("team.role.AGENT")}</option>
          <option value="ADMIN">{t("team.role.ADMIN")}</option>
          <option value="VIEWER">{t("team.role.VIEWER")}</option>
        </SelectField>
        <Button onClick={() => invite.mutate({ role, ...(email.trim() ? { email: email.trim() } : {}) })} disabled={invite.isPending}>
          {t("team.invite")}
        </Button>
      </div>
      {invite.error && (
        <div className="mt-3">
          <Alert>{errorMessage(invite.error)}</Alert>
        </div>
      )}
      {link && (
        <div className="mt-4 space-y-1">
          <label className="block text-sm font-medium text-slate-800" htmlFor="invite-link">
            {t("team.inviteLink")}
          </label>
          <div className="flex gap-2">
            <input
              id="invite-link"
              readOnly
              value={link}
              onFocus={(e) => e.currentTarget.select()}
              className="block w-full rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-xs ring-1 ring-inset ring-slate-300"
              data-testid="invite-link"
            />
            <CopyTextButton text={link} />
          </div>
          <p className="text-xs text-slate-500" data-testid="invite-status">
            {invite.data?.emailed ? fillTemplate(t("team.inviteEmailed"), { email: email.trim() }) : t("team.inviteCreated")}
          </p>
        </div>
      )}
    </Card>
  );
}
