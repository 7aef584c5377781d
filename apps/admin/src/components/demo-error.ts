import { type Translate } from "@kefu/ui/i18n";
import { TRPCClientError } from "@trpc/client";

/**
 * Why adding or removing the demo data was refused, in the dashboard's language (never the API's
 * English): still being added (demo_seeding), else that it failed.
 */
export function demoErrorMessage(error: unknown, t: Translate, action: "seed" | "remove"): string {
  const reason = error instanceof TRPCClientError ? (error.data as { reason?: string | null } | undefined)?.reason : undefined;
  if (reason === "demo_seeding") return t("demo.error.seeding");
  return t(action === "seed" ? "demo.error.seed" : "demo.error.remove");
}
