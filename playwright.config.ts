import { defineConfig } from "@playwright/test";

// Ports of their own, so tests never touch a running `npm start` instance.
export const E2E = {
  adminUrl: "http://localhost:3100",
  chatUrl: "http://localhost:3101",
  hostPort: 3102,
  oidcUrl: "http://localhost:3103",
};

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0, // a flaky test is a bug to fix, not to retry
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    baseURL: E2E.adminUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: [
    {
      command: "rm -rf .data/e2e && node scripts/start.mjs",
      url: `${E2E.chatUrl}/`,
      timeout: 600_000,
      reuseExistingServer: false,
      // SIGTERM lets scripts/start.mjs stop the apps and close the database; SIGKILL would orphan them.
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      stdout: "pipe",
      env: {
        KEFU_DATA_DIR: ".data/e2e",
        KEFU_DB_PORT: "54339",
        ADMIN_PORT: "3100",
        CHAT_PORT: "3101",
        NEXTAUTH_URL: E2E.adminUrl,
        KEFU_CHAT_URL: E2E.chatUrl,
        // Every spec comes from one address (127.0.0.1): per-IP limits are raised out of the way, and
        // the wait between failed sign-ins is off. Per-visitor, per-bot, per-tenant limits and the
        // account lockout keep their defaults; they count per spec's own visitor, bot, tenant or account
        // (e2e/rate-limits.spec.ts reaches them on purpose).
        KEFU_RATE_CHAT_START_IP: "100000/60",
        KEFU_RATE_SIGNUP_IP: "100000/3600",
        KEFU_RATE_LOGIN_IP: "100000/900",
        KEFU_RATE_INVITE_IP: "100000/3600",
        KEFU_RATE_PASSWORD_RESET_IP: "100000/3600",
        KEFU_LOGIN_BACKOFF_AFTER: "1000",
        // Single sign-on against the local OpenID Connect provider below (e2e/staff.spec.ts).
        KEFU_OIDC_ISSUER: E2E.oidcUrl,
        KEFU_OIDC_CLIENT_ID: "kefu-e2e",
        KEFU_OIDC_CLIENT_SECRET: "kefu-e2e-secret",
        KEFU_OIDC_NAME: "Test SSO",
      },
    },
    {
      // A real OpenID Connect provider (oidc-provider) for the single sign-on test.
      command: "node e2e/support/oidc-server.mjs",
      url: `${E2E.oidcUrl}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { OIDC_PORT: "3103", OIDC_ADMIN_URL: E2E.adminUrl },
    },
  ],
});
