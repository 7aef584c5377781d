import { clientOf } from "@kefu/api";
import { auditSignIn, updateSignInLimits, verifyCredentials } from "@kefu/api/admin";
import { getDb } from "@kefu/db";
import { ZSignInRequest } from "@kefu/domain";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "~/env";

export const authOptions: NextAuthOptions = {
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
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
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};

/** The signed-in user's id, or null. Roles are read from the membership per request. */
export async function currentUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return (session?.user as { id?: string } | undefined)?.id ?? null;
}
