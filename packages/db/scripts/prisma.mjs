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
const cli = fileURLToPath(new URL("../../../node_modules/prisma/build/index.js", import.meta.url));
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { stdio: "inherit", env });
if (result.error) console.error(`Could not run the Prisma CLI: ${result.error.message}`);
process.exit(result.status ?? 1);
