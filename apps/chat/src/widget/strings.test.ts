import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DICTIONARIES } from "@kefu/ui/i18n";
import { describe, expect, it } from "vitest";
import { sourceFiles, usedKeys, WIDGET_SOURCES } from "./strings";

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { en, zh } = DICTIONARIES;

describe("the widget's strings", () => {
  const files = sourceFiles(WIDGET_SOURCES.map((dir) => path.resolve(app, dir)));
  const keys = usedKeys(files, Object.keys(en));

  it("are the keys its code names, in both languages, and none of the dashboard's", () => {
    for (const key of ["chat.send", "chat.close", "chat.tooLong", "handoff.offline", "handoff.messageLeft", "handoff.queued", "handoff.rate.star", "suggestions.related", "common.loading"]) {
      expect(keys, key).toContain(key);
    }
    // A template's prefix takes all of its keys.
    expect(keys.filter((key) => key.startsWith("feedback.reason.")).length).toBeGreaterThan(1);
    for (const key of keys) expect(zh[key as keyof typeof zh], key).toBeTruthy();
    expect(keys).not.toContain("nav.bots");
    expect(keys.length).toBeLessThan(Object.keys(en).length / 5);
  });

  it("include each key quoted in a t(…) call of the widget's code", () => {
    const called = files.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\bt\(\s*"([\w.]+)"/g)].map((m) => m[1]!));
    expect(called.length).toBeGreaterThan(20);
    for (const key of called) expect(keys, key).toContain(key);
  });
});
