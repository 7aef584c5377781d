import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EMAIL_PATTERN } from "./visitor";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every module the file reaches by its imports (type-only imports left out: the bundle never has them), and the packages they import. */
function graph(file: string, seen = new Set<string>(), packages = new Set<string>()) {
  if (seen.has(file)) return { seen, packages };
  seen.add(file);
  const source = readFileSync(file, "utf8");
  for (const [, typeOnly, specifier] of source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)) {
    if (typeOnly || !specifier) continue;
    if (specifier.startsWith(".")) graph(path.resolve(path.dirname(file), specifier.endsWith(".ts") ? specifier : `${specifier}.ts`), seen, packages);
    else packages.add(specifier);
  }
  return { seen, packages };
}

describe("what the widget takes from the domain (visitor.ts)", () => {
  it("imports no package, so the widget ships no zod", () => {
    const { seen, packages } = graph(path.join(here, "visitor.ts"));
    expect(seen.size).toBeGreaterThan(1);
    expect([...packages]).toEqual([]);
  });

  it("has the pre-chat form's e-mail check, the one the server uses", () => {
    expect(EMAIL_PATTERN.test("ada@example.com")).toBe(true);
    expect(EMAIL_PATTERN.test("ada@example")).toBe(false);
    expect(EMAIL_PATTERN.test("a da@example.com")).toBe(false);
  });
});
