import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Where the widget's code lives (relative to apps/chat): its UI strings are the keys quoted there. */
export const WIDGET_SOURCES = ["src/components", "src/widget", "src/lib", "../../packages/ui/src/chat", "../../packages/ui/src/markdown"];

/** The TypeScript files under `dirs` (tests left out): the widget's code, read at build time. */
export function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sourceFiles([full]);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
    }),
  );
}

/**
 * The UI strings the widget's code names, for the translator it bundles (build-widget.ts): keys
 * quoted whole (`t("chat.send")`, `t(offline ? "handoff.offline" : "handoff.queued")`), or the
 * prefix of a template (`t(\`feedback.reason.${r}\`)` takes every `feedback.reason.*`).
 */
export function usedKeys(sources: string[], keys: string[]): string[] {
  const text = sources.map((file) => readFileSync(file, "utf8")).join("\n");
  const quoted = new Set([...text.matchAll(/["'`]([a-zA-Z][\w.]*)["'`]/g)].map((m) => m[1]!));
  const prefixes = [...text.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g)].map((m) => m[1]!);
  return keys.filter((key) => quoted.has(key) || prefixes.some((prefix) => key.startsWith(prefix)));
}
