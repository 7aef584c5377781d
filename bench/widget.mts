// `npm run bench:widget`: what a visitor downloads for the widget, gzipped. Builds and serves the
// product as the end-to-end tests do (a production build, Debian's Chromium), opens the widget from
// the loader on a page of another origin and counts every response of the chat server that is
// code, styles or a page (e2e/widget-weight.spec.ts, which also fails past the budget in CI).
// Prints one JSON line: loader_gzip_bytes, widget_gzip_bytes, and the files behind them.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = spawnSync("npx", ["playwright", "test", "e2e/widget-weight.spec.ts", "--reporter=line"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
const report = JSON.parse(readFileSync(path.join(root, "reports", "widget-weight.json"), "utf8")) as Record<string, unknown>;
console.log(JSON.stringify({ ...report, load_average: loadavg()[0]!.toFixed(2), date: new Date().toISOString() }));
process.exit(run.status ?? 1);
