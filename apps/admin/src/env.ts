import { z } from "zod";

// The admin app's environment (STYLE.md §6). Parsed on first use, not at import,
// so `next build` does not need runtime secrets.
const schema = z.object({
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters (npm start generates one)"),
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
  // Public URL of the chat app: used in embed snippets and hosted chat links.
  KEFU_CHAT_URL: z.string().url().default("http://localhost:3001"),
  // Single sign-on for staff with an OpenID Connect provider (docs/security.md "Single sign-on"):
  // on when the issuer and the client id are set.
  KEFU_OIDC_ISSUER: z.string().url().optional(),
  KEFU_OIDC_CLIENT_ID: z.string().min(1).optional(),
  KEFU_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  // The sign-in button's label: "Sign in with <name>".
  KEFU_OIDC_NAME: z.string().min(1).max(40).default("SSO"),
});

let parsed: z.infer<typeof schema> | undefined;

export function env(): z.infer<typeof schema> {
  parsed ??= schema.parse({
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || undefined,
    KEFU_CHAT_URL: process.env.KEFU_CHAT_URL || undefined,
    KEFU_OIDC_ISSUER: process.env.KEFU_OIDC_ISSUER || undefined,
    KEFU_OIDC_CLIENT_ID: process.env.KEFU_OIDC_CLIENT_ID || undefined,
    KEFU_OIDC_CLIENT_SECRET: process.env.KEFU_OIDC_CLIENT_SECRET || undefined,
    KEFU_OIDC_NAME: process.env.KEFU_OIDC_NAME || undefined,
  });
  return parsed;
}

/** A `next dev` build (React's development code needs `eval`, see the proxy's CSP). */
export function developmentBuild(): boolean {
  return process.env.NODE_ENV === "development";
}
