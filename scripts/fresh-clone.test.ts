import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// A newcomer runs `npm ci`, then whatever README.md documents: each command must exist and
// find what it needs (the Prisma client) without a build first; turbo stays quiet.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;

describe("a fresh clone after npm ci", () => {
  it("generates the Prisma client on install", () => {
    expect(scripts.postinstall).toBe("node scripts/postinstall.mjs");
    const postinstall = read("scripts/postinstall.mjs");
    expect(postinstall).toContain('"packages/db/scripts/prisma.mjs"), "generate"');
  });

  it("documents only root commands that exist", () => {
    const documented = [...read("README.md").matchAll(/`npm run ([\w:-]+)(?![^`]*-w )/g)].map((m) => m[1]!);
    expect(documented.length).toBeGreaterThan(5);
    for (const name of documented) expect(scripts, `npm run ${name}`).toHaveProperty(name);
  });

  it("turns turbo's telemetry notice off where npm start and npm test call turbo", () => {
    expect(read("scripts/start.mjs")).toMatch(/env\.TURBO_TELEMETRY_DISABLED = "1"/);
    expect(read("scripts/test.mjs")).toContain('TURBO_TELEMETRY_DISABLED: "1"');
  });
});
