import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en, zh } from "./messages/analytics";

// docs/metrics.md quotes the tooltips' definitions: one text, in the page and in the docs.
const docs = readFileSync(fileURLToPath(new URL("../../../../docs/metrics.md", import.meta.url)), "utf8");

describe("metric definitions", () => {
  const keys = Object.keys(en).filter((k) => k.startsWith("analytics.def.")) as (keyof typeof en)[];
  it.each(keys)("docs/metrics.md quotes %s in English and Chinese", (key) => {
    expect(docs).toContain(en[key]);
    expect(docs).toContain(zh[key]);
  });
});
