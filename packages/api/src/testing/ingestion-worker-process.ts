// An ingestion worker in a process of its own, as the admin app runs it, for the tests that kill it
// mid-job (knowledge/ingestion-crash.integration.test.ts):
//
//   node --import tsx ingestion-worker-process.ts <database url> <lease ms> [pause at <n> passages]
//
// It reports on stdout, one line each, prefixed "@@": every batch embedded ("@@progress <source> <done>/<total>"),
// every document made ready, and "@@paused <source>" when it stops for good mid-document at the
// given progress (still alive: its heartbeats keep the lease, until the test kills it).
import { createDb } from "@kefu/db";
import { startIngestionWorker } from "../knowledge/index.ts";

const [url, lease, pauseAt] = process.argv.slice(2);
if (!url || !lease) throw new Error("usage: ingestion-worker-process.ts <database url> <lease ms> [pause at <n> passages]");
const say = (line: string) => process.stdout.write(`@@${line}\n`);

startIngestionWorker(createDb(url), {
  concurrency: 1,
  pollMs: 100,
  leaseMs: Number(lease),
  log: say,
  async onProgress({ sourceId, done, total }) {
    say(`progress ${sourceId} ${done}/${total}`);
    if (pauseAt && done >= Number(pauseAt) && done < total) {
      say(`paused ${sourceId}`);
      await new Promise<never>(() => {});
    }
  },
});
say("started");
