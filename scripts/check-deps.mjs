#!/usr/bin/env node
// Checks the package layering (STYLE.md §7): which workspace may import which,
// that every import of ours is declared, and that every `exports` entry exists
// and is explicit (no wildcards). Apps are never imported.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkFeatureLayout } from "./feature-layout.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Data flows one way: apps → api → (domain, ai, db); domain imports nothing of ours.
const ALLOWED = {
  "@kefu/config": [],
  "@kefu/domain": ["@kefu/config"],
  "@kefu/db": ["@kefu/config"],
  "@kefu/ai": ["@kefu/domain", "@kefu/config"],
  "@kefu/ui": ["@kefu/config"],
  "@kefu/api": ["@kefu/domain", "@kefu/ai", "@kefu/db", "@kefu/config"],
  "@kefu/admin": ["@kefu/api", "@kefu/db", "@kefu/domain", "@kefu/ui", "@kefu/config"],
  "@kefu/chat": ["@kefu/api", "@kefu/db", "@kefu/domain", "@kefu/ui", "@kefu/config"],
};

const problems = [];
const workspaces = ["apps", "packages"].flatMap((dir) =>
  readdirSync(path.join(root, dir)).map((name) => path.join(root, dir, name)),
);

for (const dir of workspaces) {
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const name = manifest.name;
  const allowed = ALLOWED[name];
  if (!allowed) {
    problems.push(`${name}: not in the layering table of scripts/check-deps.mjs`);
    continue;
  }
  const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
  for (const dep of declared) {
    if (dep.startsWith("@kefu/") && !allowed.includes(dep)) problems.push(`${name} depends on ${dep}, which its layer may not use`);
  }
  for (const [key, target] of Object.entries(manifest.exports ?? {})) {
    const files = typeof target === "string" ? [target] : Object.values(target);
    if (key.includes("*") || files.some((f) => f.includes("*"))) problems.push(`${name}: wildcard export ${key}`);
    for (const file of files) if (!existsSync(path.join(dir, file))) problems.push(`${name}: export ${key} points at missing ${file}`);
  }
  for (const file of sourceFiles(path.join(dir, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](@kefu\/[\w-]+)/g)) {
      const dep = match[1];
      if (dep === name) continue;
      const where = path.relative(root, file);
      if (!allowed.includes(dep)) problems.push(`${where}: ${name} may not import ${dep}`);
      else if (!declared.has(dep)) problems.push(`${where}: imports ${dep} without declaring it in package.json`);
    }
  }
}

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === "generated" || entry === "node_modules") return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs|js)$/.test(entry) ? [full] : [];
  });
}

// Inside the API package: feature folders on a platform layer (scripts/feature-layout.mjs).
for (const problem of checkFeatureLayout(path.join(root, "packages/api/src"))) problems.push(`packages/api/src/${problem}`);

if (problems.length) {
  console.error(`Package layering problems:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`Package layering OK (${workspaces.length} workspaces; packages/api feature folders).`);
