import { z } from "zod";

// The admin app's environment (STYLE.md §6). Parsed on first use, not at import,
// so `next build` does not need runtime secrets.
const schema = z.object({
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters (npm start generates one)"),
  NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
  // Public URL of the chat app: used in embed snippets and hosted chat links.
  KEFU_CHAT_URL: z.string().url().default("http://localhost:3001"),
});

let parsed: z.infer<typeof schema> | undefined;

export function env(): z.infer<typeof schema> {
  parsed ??= schema.parse({
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || undefined,
    KEFU_CHAT_URL: process.env.KEFU_CHAT_URL || undefined,
  });
  return parsed;
}

/** A `next dev` build (React's development code needs `eval`, see the proxy's CSP). */
export function developmentBuild(): boolean {
  return process.env.NODE_ENV === "development";
}
