#!/usr/bin/env node
// After `npm ci`: generate the Prisma client, so every documented command (npm run eval, bench,
// load, db:migrate…) works on a fresh clone without a build first. Skipped when the Prisma CLI
// is not installed (e.g. `npm prune --omit=dev` in the Docker image, which already built it).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(path.join(root, "node_modules/prisma/build/index.js"))) {
  console.log("[postinstall] Prisma CLI not installed: client generation skipped.");
  process.exit(0);
}
const result = spawnSync(process.execPath, [path.join(root, "packages/db/scripts/prisma.mjs"), "generate"], { cwd: path.join(root, "packages/db"), stdio: "inherit" });
if (result.status !== 0) console.error("[postinstall] Could not generate the Prisma client: run `npm run db:generate` to see why.");
process.exit(result.status ?? 1);
