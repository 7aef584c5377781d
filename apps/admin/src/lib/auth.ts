import { clientOf, rootLogger } from "@kefu/api";
import { auditSignIn, isMemberOf, resolveSsoUser, updateSignInLimits, verifyCredentials } from "@kefu/api/admin";
import { getDb } from "@kefu/db";
import { ZSignInRequest } from "@kefu/domain";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { type OAuthConfig } from "next-auth/providers/oauth";
import { env } from "~/env";

/** The id of the OpenID Connect provider in next-auth's routes (/api/auth/callback/oidc). */
export const OIDC_PROVIDER_ID = "oidc";

type OidcProfile = { sub: string; email?: string; email_verified?: boolean | string; name?: string };

/**
 * Single sign-on with any OpenID Connect provider, from the environment (KEFU_OIDC_*): discovery,
 * authorization code with PKCE and state, the ID token checked by next-auth (openid-client).
 */
function oidcProvider(): OAuthConfig<OidcProfile>[] {
  const { KEFU_OIDC_ISSUER: issuer, KEFU_OIDC_CLIENT_ID: clientId, KEFU_OIDC_CLIENT_SECRET: clientSecret, KEFU_OIDC_NAME: name } = env();
  if (!issuer || !clientId) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name,
      type: "oauth",
      wellKnown: `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      clientId,
      clientSecret: clientSecret ?? "",
      ...(clientSecret ? {} : { client: { token_endpoint_auth_method: "none" } }),
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
    },
  ];
}

/**
 * The ID token's claims, completed from the provider's userinfo endpoint when the token leaves out
 * the address (providers that follow OIDC strictly put `email` there only for the code flow). The
 * subject must match, as OpenID Connect Core §5.3.2 requires.
 */
async function withUserinfo(claims: OidcProfile, accessToken: string | undefined): Promise<OidcProfile> {
  const issuer = env().KEFU_OIDC_ISSUER;
  if (typeof claims.email === "string" || !accessToken || !issuer) return claims;
  try {
    const discovery = (await (await fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`)).json()) as { userinfo_endpoint?: string };
    if (!discovery.userinfo_endpoint) return claims;
    const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!response.ok) return claims;
    const info = (await response.json()) as OidcProfile;
    return info.sub === claims.sub ? { ...claims, ...info } : claims;
  } catch (error) {
    rootLogger().warn({ err: error }, "auth.sso_userinfo_failed");
    return claims;
  }
}

const loginError = (reason: string) => `${env().NEXTAUTH_URL.replace(/\/+$/, "")}/login?error=${reason}`;

export const authOptions: NextAuthOptions = {
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  get providers() {
    return [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = ZSignInRequest.safeParse(credentials);
          if (!parsed.success) return null;
          const user = await verifyCredentials(getDb(), parsed.data.email, parsed.data.password);
          // The attempt was counted by the route (refuseSignInAttempt); a success resets the count, a failure may add a wait.
          await updateSignInLimits(getDb(), { email: parsed.data.email, ok: user !== null });
          // Sign-ins and failed sign-ins go into the audit log (an unknown e-mail: the server log).
          await auditSignIn(getDb(), { email: parsed.data.email, userId: user?.id ?? null, client: clientOf(req.headers ?? {}) });
          return user;
        },
      }),
      ...oidcProvider(),
    ];
  },
  callbacks: {
    /**
     * A single sign-on is admitted only for a verified address that has an account here, or that an
     * invite was sent to (resolveSsoUser); the session then names our account, not the provider's.
     */
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const claims = await withUserinfo((profile ?? {}) as OidcProfile, account.access_token);
      const outcome = await resolveSsoUser(getDb(), claims);
      const email = typeof claims.email === "string" ? claims.email : "";
      await auditSignIn(getDb(), { email, userId: outcome.ok ? outcome.user.id : null, client: { ip: null, userAgent: null } });
      if (!outcome.ok) {
        rootLogger().warn({ reason: outcome.reason, email }, "auth.sso_refused");
        return loginError(`sso_${outcome.reason}`);
      }
      user.id = outcome.user.id;
      user.email = outcome.user.email;
      user.name = outcome.user.name;
      return true;
    },
    /**
     * The token carries the account and the workspace chosen in the tenant switcher. A switch
     * (`update({ tenantId })` from the dashboard) is kept only when the account is a member of it;
     * every request resolves it again through the memberships (tenantProcedure).
     */
    async jwt({ token, user, trigger, session }) {
      if (user) {
        token.sub = user.id;
        delete token.tenantId;
      }
      const wanted = (session as { tenantId?: unknown } | undefined)?.tenantId;
      if (trigger === "update" && typeof wanted === "string" && token.sub && (await isMemberOf(getDb(), token.sub, wanted))) {
        token.tenantId = wanted;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      if (typeof token.tenantId === "string") (session as { tenantId?: string }).tenantId = token.tenantId;
      return session;
    },
  },
};

/** The signed-in user's id and chosen workspace, or null. Roles are read from the membership per request. */
export async function currentSession(): Promise<{ userId: string; tenantId: string | null } | null> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  if (!userId) return null;
  return { userId, tenantId: (session as { tenantId?: string } | null)?.tenantId ?? null };
}

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  return (await currentSession())?.userId ?? null;
}
