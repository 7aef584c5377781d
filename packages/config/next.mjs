// Shared Next.js settings of both apps.
/** @type {import("next").NextConfig} */
export const nextConfig = {
  reactStrictMode: true,
  // Workspace packages ship TypeScript source (no build step of their own).
  transpilePackages: ["@kefu/api", "@kefu/db", "@kefu/domain", "@kefu/ai", "@kefu/ui"],
  // Node-only packages loaded at run time instead of bundled (native, WASM or optional requires).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "@langchain/core", "@langchain/openai", "@langchain/ollama", "unpdf", "read-excel-file", "unzipper", "nodemailer", "linkedom", "turndown", "@mozilla/readability", "@joplin/turndown-plugin-gfm"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` typechecks every package separately
  // A build is redone only when the source changed (turbo caches the output otherwise), and a
  // fresh clone has no cache to read: writing Turbopack's cache cost each build ~20 s for nothing.
  experimental: { turbopackFileSystemCacheForBuild: false },
};
