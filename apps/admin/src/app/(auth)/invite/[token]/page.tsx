"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { AuthShell, ToLoginLink } from "~/components/auth-shell";
import { NewCredentialFields } from "~/components/new-credential-fields";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";
import { switchWorkspace } from "~/lib/workspace";

/** Invite links are public: the (auth) group has no session check (only (dashboard)/layout has). */
export default function InvitePage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const { token } = useParams<{ token: string }>();
  const invite = useQuery(trpc.member.describeInvite.queryOptions({ token }, { retry: false }));
  const accept = useMutation(trpc.member.acceptInvite.mutationOptions());
  // Signed in already (any workspace): join with this account instead of making a new one.
  const signedIn = useQuery(trpc.account.workspaces.queryOptions(undefined, { retry: false }));
  const join = useMutation(
    trpc.member.joinWithInvite.mutationOptions({ onSuccess: (joined) => void switchWorkspace(joined.tenantId, "/inbox") }),
  );
  const [signingIn, setSigningIn] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      token,
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    await accept.mutateAsync(input).then(
      async () => {
        setSigningIn(true);
        await signIn("credentials", { email: input.email, password: input.password, redirect: false });
        router.replace("/inbox");
        router.refresh();
      },
      () => {}, // shown from accept.error
    );
  }

  if (invite.isPending) {
    return (
      <AuthShell title={t("invite.submit")}>
        <p className="text-slate-500">{t("common.loading")}</p>
      </AuthShell>
    );
  }
  if (invite.error) {
    // A wrong, expired or used token all read the same to the visitor of the link.
    const code = invite.error instanceof TRPCClientError ? (invite.error.data as { code?: string } | undefined)?.code : undefined;
    return (
      <AuthShell title={t("invite.submit")}>
        <Alert>{code === "NOT_FOUND" || code === "BAD_REQUEST" ? t("invite.invalid") : errorMessage(invite.error)}</Alert>
        <ToLoginLink className="text-sm text-slate-600" />
      </AuthShell>
    );
  }

  if (signedIn.data) {
    return (
      <AuthShell title={fillTemplate(t("invite.title"), { workspace: invite.data.workspace })}>
        <p className="-mt-3 mb-4 text-sm text-slate-600">
          {fillTemplate(t("invite.role"), { role: t(`team.role.${invite.data.role}` as MessageKey) })}
        </p>
        {join.error && <Alert>{errorMessage(join.error)}</Alert>}
        <Button type="button" className="mt-2 w-full" disabled={join.isPending || join.isSuccess} onClick={() => join.mutate({ token })}>
          {join.isPending || join.isSuccess ? t("common.loading") : t("invite.joinWithAccount")}
        </Button>
      </AuthShell>
    );
  }

  const err = accept.error;
  const general = formError(err, ["name", "email", "password", "token"]) ?? fieldError(err, "token");
  return (
    <AuthShell title={fillTemplate(t("invite.title"), { workspace: invite.data.workspace })}>
      <p className="-mt-3 mb-4 text-sm text-slate-600">
        {fillTemplate(t("invite.role"), { role: t(`team.role.${invite.data.role}` as MessageKey) })}
      </p>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {general && <Alert>{general}</Alert>}
        <TextField label={t("auth.name")} name="name" autoComplete="name" required maxLength={100} error={fieldError(err, "name")} />
        <NewCredentialFields error={err} defaultEmail={invite.data.email ?? undefined} />
        <Button type="submit" className="w-full" disabled={accept.isPending || signingIn}>
          {signingIn ? t("invite.signingIn") : accept.isPending ? t("common.loading") : t("invite.submit")}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        {t("invite.haveAccount")}{" "}
        <Link href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className="font-medium text-indigo-600">
          {t("invite.signInToJoin")}
        </Link>
      </p>
    </AuthShell>
  );
}
