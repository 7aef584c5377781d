// The layout rules of a package laid out as feature folders on a platform layer
// (packages/api/src, CONTRIBUTING.md "Where code goes"):
//   1. platform/ imports no feature;
//   2. a feature imports another feature only through that feature's index.ts;
//   3. no import cycles between feature folders.
// Root files (the router assemblies, background work) and testing/ reach features through
// their index.ts too. Tests may use testing/ from anywhere, so they count for rule 2 only.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const PLATFORM = "platform";
const NOT_FEATURES = new Set([PLATFORM, "testing"]);
const isTest = (file) => /\.test\.tsx?$/.test(file);

/** Relative imports of a source file, resolved to paths relative to `srcDir`. */
function relativeImports(srcDir, file) {
  const text = readFileSync(path.join(srcDir, file), "utf8");
  const specs = [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
}

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return listFiles(full, base);
    return /\.(ts|tsx|mts)$/.test(entry) ? [path.relative(base, full).split(path.sep).join("/")] : [];
  });
}

/** The folder a file belongs to: a feature's name, "platform", "testing", or null at the root. */
function areaOf(file) {
  const parts = file.split("/");
  return parts.length > 1 ? parts[0] : null;
}

export function checkFeatureLayout(srcDir) {
  if (!existsSync(srcDir)) return [`${srcDir}: missing`];
  const problems = [];
  const edges = new Map(); // feature -> Map(feature -> first importing file)
  for (const file of listFiles(srcDir)) {
    const from = areaOf(file);
    for (const target of relativeImports(srcDir, file)) {
      const to = areaOf(target);
      if (to === null || to === from || NOT_FEATURES.has(to)) continue;
      // `to` is a feature other than the importer's own.
      if (from === PLATFORM && !isTest(file)) problems.push(`${file}: platform/ imports the ${to} feature (${target})`);
      if (target !== `${to}/index.ts`) problems.push(`${file}: imports ${target}; reach the ${to} feature through ${to}/index.ts`);
      if (from !== null && !NOT_FEATURES.has(from) && !isTest(file)) {
        if (!edges.has(from)) edges.set(from, new Map());
        if (!edges.get(from).has(to)) edges.get(from).set(to, file);
      }
    }
  }
  for (const cycle of findCycles(edges)) {
    const steps = cycle.map((f, i) => `${f} → ${cycle[(i + 1) % cycle.length]} (${edges.get(f).get(cycle[(i + 1) % cycle.length])})`);
    problems.push(`import cycle between features: ${steps.join(", ")}`);
  }
  return problems;
}

/** Each cycle of the feature graph once, by depth-first search. */
function findCycles(edges) {
  const cycles = [];
  const seen = new Set();
  const state = new Map(); // feature -> "open" | "done"
  const stack = [];
  const visit = (node) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (state.get(next) === "open") {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(",");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
