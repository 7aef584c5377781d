import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const preload = path.join(path.dirname(fileURLToPath(import.meta.url)), "exit-with-parent.cjs");
const spawned: number[] = [];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(check: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A parent process that starts a long-running child with the preload and prints the child's pid. */
async function startParentWithChild(): Promise<{ parent: number; child: number }> {
  const childCode = "setInterval(() => {}, 1000)";
  const parentCode = `
    const { spawn } = require("node:child_process");
    const child = spawn(process.execPath, ["--require", ${JSON.stringify(preload)}, "-e", ${JSON.stringify(childCode)}], { stdio: "ignore", env: { ...process.env, KEFU_PARENT_PROBE_MS: "100" } });
    console.log(child.pid);
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ["-e", parentCode], { stdio: ["ignore", "pipe", "inherit"] });
  const child = await new Promise<number>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))));
  spawned.push(parent.pid!, child);
  return { parent: parent.pid!, child };
}

afterEach(() => {
  for (const pid of spawned.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

describe("exit-with-parent preload (npm start's children)", () => {
  it("keeps a child running while its parent lives, and stops it once the parent is killed with SIGKILL", async () => {
    const { parent, child } = await startParentWithChild();
    await new Promise((r) => setTimeout(r, 400));
    expect(alive(child)).toBe(true);
    process.kill(parent, "SIGKILL");
    expect(await waitFor(() => !alive(child), 5000)).toBe(true);
  });
});
