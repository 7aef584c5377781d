"use client";
import { permissionRefusal, roleCan, type Permission } from "@kefu/domain";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode } from "react";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

/**
 * Whether the signed-in member's role may do something: undefined until their role is known (the
 * controls wait rather than flash). The server checks the same table (packages/domain permissions).
 */
export function useCan(): (permission: Permission) => boolean | undefined {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  return (permission) => (me.data ? roleCan(me.data.role, permission) : undefined);
}

/** "Only owners and admins can create bots." in the dashboard's language. */
export function RoleNote({ permission }: { permission: Permission }) {
  const { locale } = useI18n();
  return (
    <p className="text-sm text-slate-500" data-testid="role-note">
      {permissionRefusal(permission, locale)}
    </p>
  );
}

/**
 * A section the member may see but not change: its controls are disabled (a disabled fieldset
 * disables every input and button in it), with the reason above them in words.
 */
export function ReadOnlyUnless({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan()(permission);
  if (can !== false) return <>{children}</>;
  return (
    <div className="space-y-2">
      <RoleNote permission={permission} />
      <fieldset disabled className="min-w-0 opacity-90">
        {children}
      </fieldset>
    </div>
  );
}
