"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, Card, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { Avatar } from "~/components/team/avatar";
import { chosenAvatar } from "~/lib/base64";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

/** The signed-in member's name and picture, as colleagues see them and visitors once they join. */
export function ProfileCard() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const profile = useQuery(trpc.account.profile.queryOptions());
  const done = { onSuccess: () => refresh(trpc.account.profile.queryKey(), trpc.member.list.queryKey(), trpc.account.me.queryKey()) };
  const update = useMutation(trpc.account.updateProfile.mutationOptions(done));
  const upload = useMutation(trpc.account.uploadAvatar.mutationOptions(done));
  const [name, setName] = useState<string | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  if (!profile.data) return null;
  const shown = name ?? profile.data.name;

  function save(event: FormEvent) {
    event.preventDefault();
    update.mutate({ name: shown, removeAvatar: false });
  }
  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const chosen = await chosenAvatar(event.target);
    if (!chosen) return;
    setTooLarge(chosen === "too_large");
    if (chosen !== "too_large") upload.mutate({ dataBase64: chosen.dataBase64 });
  }

  const error = update.error ?? upload.error;
  return (
    <Card title={t("profile.title")}>
      <form onSubmit={save} className="flex flex-wrap items-end gap-4">
        <Avatar name={shown} url={profile.data.avatarUrl} size="lg" />
        <TextField
          label={t("profile.name")}
          hint={t("profile.nameHint")}
          value={shown}
          maxLength={100}
          onChange={(e) => {
            setName(e.target.value);
            update.reset();
          }}
          error={update.error ? fieldError(update.error, "name") : undefined}
        />
        <Button type="submit" disabled={update.isPending || shown === profile.data.name}>
          {update.isSuccess && shown === profile.data.name ? t("common.saved") : t("common.save")}
        </Button>
      </form>
      <div className="mt-4 flex flex-wrap items-center gap-3 text-sm">
        <label className="cursor-pointer rounded-md bg-white px-3 py-1.5 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-indigo-500">
          {t("profile.upload")}
          <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" className="sr-only" onChange={(e) => void pick(e)} disabled={upload.isPending} />
        </label>
        {profile.data.avatarUrl && (
          <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={() => update.mutate({ name: profile.data.name, removeAvatar: true })}>
            {t("profile.removePicture")}
          </Button>
        )}
        <span className="text-xs text-slate-500">{fillTemplate(t("profile.uploadHint"), { kb: "64" })}</span>
      </div>
      {(tooLarge || error) && (
        <div className="mt-3">
          <Alert>{tooLarge ? t("profile.tooLarge") : errorMessage(error)}</Alert>
        </div>
      )}
    </Card>
  );
}

/** Leaving the workspace one is in; its last owner is told why not (the server refuses it too). */
export function LeaveWorkspaceCard({ tenant }: { tenant: { id: string; name: string } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const leave = useMutation(trpc.account.leave.mutationOptions({ onSuccess: () => window.location.assign("/inbox") }));
  return (
    <Card title={t("workspace.leave")}>
      <p className="text-sm text-slate-600">{fillTemplate(t("workspace.leaveHelp"), { workspace: tenant.name })}</p>
      {leave.error && (
        <div className="mt-3">
          <Alert>{errorMessage(leave.error)}</Alert>
        </div>
      )}
      <Button
        type="button"
        variant="secondary"
        className="mt-3 text-red-700"
        disabled={leave.isPending}
        onClick={() => window.confirm(fillTemplate(t("workspace.leaveConfirm"), { workspace: tenant.name })) && leave.mutate({ tenantId: tenant.id })}
      >
        {t("workspace.leave")}
      </Button>
    </Card>
  );
}
