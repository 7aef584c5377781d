#!/usr/bin/env node
// A real OpenID Connect provider for the single sign-on end-to-end test (the `oidc-provider`
// package, certified by the OpenID Foundation), on its own port. Its development sign-in page
// accepts any login with any password: the login is the person's e-mail address, verified unless
// it starts with "unverified". The dashboard started by Playwright is its only client.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3103);
const issuer = `http://localhost:${port}`;
const adminUrl = process.env.OIDC_ADMIN_URL ?? "http://localhost:3100";

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? "kefu-e2e",
      client_secret: process.env.OIDC_CLIENT_SECRET ?? "kefu-e2e-secret",
      redirect_uris: [`${adminUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  async findAccount(_ctx, sub) {
    const email = String(sub).trim().toLowerCase();
    return {
      accountId: email,
      claims: async () => ({ sub: email, email, email_verified: !email.startsWith("unverified"), name: email.split("@")[0] }),
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["kefu-e2e-oidc-cookie-key"] },
});
// Quiet unless something fails.
provider.on("server_error", (_ctx, error) => console.error("oidc server_error", error));

provider.listen(port, () => console.log(`OIDC provider on ${issuer}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
