#!/usr/bin/env node
// Runs the Prisma CLI without letting it download native engines (no internet here):
// the client uses driver adapters and the CLI uses its WASM engines, so the
// engine paths only need to point at an existing file.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(import.meta.url);
const env = {
  ...process.env,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync("prisma", process.argv.slice(2), { stdio: "inherit", env, shell: false });
process.exit(result.status ?? 1);
