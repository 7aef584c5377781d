#!/usr/bin/env node
// Playwright drives Debian's Chromium (it cannot download its own browser here).
// Installs it when we can (root with apt-get), or says exactly what to run.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const browser = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (existsSync(browser)) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
if (isRoot && hasApt) {
  console.log(`[e2e] ${browser} is missing; installing Debian's chromium (apt-get)…`);
  try {
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk > /dev/null", {
      stdio: "inherit",
    });
  } catch {
    // fall through to the message below
  }
  if (existsSync(browser)) process.exit(0);
}
console.error(`[e2e] No Chromium at ${browser}. Install it with:
    sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk
or set CHROMIUM_PATH to an existing Chromium/Chrome binary, then run the tests again.`);
process.exit(1);
