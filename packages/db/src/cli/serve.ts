// Serves the embedded database to the apps: `tsx src/cli/serve.ts`.
import path from "node:path";
import { startEmbeddedDatabase } from "../embedded.ts";
import { readDbEnv } from "../env.ts";

const env = readDbEnv();
const dataDir = path.resolve(env.KEFU_DATA_DIR, "pglite");
const started = Date.now();
const embedded = await startEmbeddedDatabase({
  dataDir,
  port: env.KEFU_DB_PORT,
  log: (line) => console.log(`[db] ${line}`),
}).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[db] could not start the embedded database in ${dataDir}: ${message}`);
  if (message.includes("EADDRINUSE")) {
    console.error(`[db] port ${env.KEFU_DB_PORT} is busy: stop the other Kefu or set KEFU_DB_PORT.`);
  }
  process.exit(1);
});
console.log(`[db] embedded Postgres ready at ${embedded.url} (data in ${dataDir}, ${Date.now() - started} ms)`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await embedded.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
