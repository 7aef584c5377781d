import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const read = (file: string) => readFileSync(path.join(__dirname, file), "utf8");
const variables = (css: string) => [...new Set([...css.matchAll(/(--color-[a-z0-9-]+):/g)].map((m) => m[1]))].sort();

describe("the light island of the dashboard's widget previews", () => {
  it("sets back every colour the dark theme swaps", () => {
    expect(variables(read("light-island.css"))).toEqual(variables(read("../../app/dark-theme.css")));
  });
});
