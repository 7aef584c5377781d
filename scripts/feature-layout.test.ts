import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkFeatureLayout } from "./feature-layout.mjs";

const apiSrc = path.join(path.dirname(fileURLToPath(import.meta.url)), "../packages/api/src");
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the API package's sources, to break one rule in. */
function apiCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "kefu-layout-"));
  copies.push(dir);
  cpSync(apiSrc, dir, { recursive: true });
  return dir;
}
const addLine = (dir: string, file: string, line: string) => appendFileSync(path.join(dir, file), `\n${line}\n`);

describe("the API package's feature layout", () => {
  it("holds today", () => {
    expect(checkFeatureLayout(apiSrc)).toEqual([]);
  });

  it("fails when platform/ imports a feature", () => {
    const dir = apiCopy();
    addLine(dir, "platform/trpc.ts", 'import { getBot } from "../bots/index.ts";');
    expect(checkFeatureLayout(dir)).toEqual(["platform/trpc.ts: platform/ imports the bots feature (bots/index.ts)"]);
  });

  it("fails when a feature reaches past another feature's index.ts", () => {
    const dir = apiCopy();
    addLine(dir, "handoff/rules.ts", 'import { getBot } from "../bots/bots.ts";');
    expect(checkFeatureLayout(dir)).toEqual(["handoff/rules.ts: imports bots/bots.ts; reach the bots feature through bots/index.ts"]);
  });

  it("fails on an import cycle between features, naming each step", () => {
    const dir = apiCopy();
    addLine(dir, "bots/bots.ts", 'import { playground } from "../knowledge/index.ts";');
    const problems = checkFeatureLayout(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^import cycle between features: /);
    expect(problems[0]).toContain("bots → knowledge (bots/bots.ts)");
    expect(problems[0]).toMatch(/knowledge → bots \(knowledge\/[\w-]+\.ts\)/);
  });

  it("lets tests use the testing helpers from platform/ without counting them as platform code", () => {
    const dir = apiCopy();
    addLine(dir, "platform/queue/pg-boss.integration.test.ts", 'import { adminCaller } from "../../handoff/index.ts";');
    expect(checkFeatureLayout(dir)).toEqual([]);
  });
});
