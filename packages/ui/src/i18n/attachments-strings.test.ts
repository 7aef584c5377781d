import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { en, zh } from "./messages/attachments";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** The code's TypeScript files under `dir` (tests and the message files left out). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules" || name === "messages") return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("the image strings", () => {
  it("are each named by the widget's or the dashboard's code, in both languages", () => {
    const text = ["apps/chat/src", "apps/admin/src", "packages/ui/src"].flatMap((dir) => sources(path.join(root, dir))).map((file) => readFileSync(file, "utf8")).join("\n");
    const unused = Object.keys(en).filter((key) => !text.includes(`"${key}"`));
    expect(unused).toEqual([]);
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
