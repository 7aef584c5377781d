import { getCsrfToken } from "next-auth/react";

/**
 * Makes `tenantId` the session's workspace (next-auth's session update; the server keeps it only
 * for a workspace the account is a member of), then reloads the dashboard so that nothing of the
 * previous workspace stays on screen or in the query cache.
 */
export async function switchWorkspace(tenantId: string, to = "/inbox"): Promise<void> {
  const csrfToken = await getCsrfToken();
  const response = await fetch("/api/auth/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ csrfToken, data: { tenantId } }),
  });
  if (!response.ok) throw new Error(`The workspace could not be switched (${response.status}).`);
  window.location.assign(to);
}
