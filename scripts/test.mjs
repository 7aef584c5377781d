#!/usr/bin/env node
// `npm test`: everything CI checks, in order of speed. Lint and types, then unit
// and integration tests (Vitest, real embedded Postgres), then end-to-end tests
// (Playwright in Debian's Chromium against the production build), then the process tests that
// start that build as `npm start` does and stop it with signals (scripts/*.process.test.ts).
// Ends with one summary line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const steps = [
  ["generate", "npx", ["turbo", "run", "generate"]],
  ["deps", "node", ["scripts/check-deps.mjs"]],
  ["lint", "npx", ["turbo", "run", "lint", "--output-logs=errors-only"]],
  ["typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]],
  ["tools", "sh", ["-c", "npx tsc --noEmit -p eval && npx tsc --noEmit -p bench && npx eslint eval bench"]],
  ["unit", "npx", ["vitest", "run"]],
  ["e2e", "npm", ["run", "--silent", "test:e2e"]],
  ["process", "npx", ["vitest", "run", "--config", "scripts/vitest.process.config.ts"]],
].filter(([name]) => only.length === 0 || only.includes(name) || name === "generate");

rmSync(path.join(root, "reports"), { recursive: true, force: true });
const started = Date.now();
const failedSteps = [];
const took = [];
for (const [name, command, args] of steps) {
  console.log(`\n[test] ── ${name} ──`);
  const stepStarted = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: "0", TURBO_TELEMETRY_DISABLED: "1" } });
  took.push(`${name} ${((Date.now() - stepStarted) / 1000).toFixed(0)} s`);
  if (result.status !== 0) {
    failedSteps.push(name);
    console.error(`[test] ${name} failed (exit ${result.status ?? result.signal}).`);
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const unit = readJson("reports/unit.json");
if (unit) {
  counts.passed += unit.numPassedTests;
  counts.failed += unit.numFailedTests;
  counts.skipped += unit.numPendingTests + unit.numTodoTests;
}
const processes = readJson("reports/process.json");
if (processes) {
  counts.passed += processes.numPassedTests;
  counts.failed += processes.numFailedTests;
  counts.skipped += processes.numPendingTests + processes.numTodoTests;
}
const e2e = readJson("reports/e2e.json");
if (e2e) {
  counts.passed += e2e.stats.expected + e2e.stats.flaky;
  counts.failed += e2e.stats.unexpected;
  counts.skipped += e2e.stats.skipped;
}
// A failed step that produced no test report (lint, types, a crash) counts as a failure.
counts.failed += failedSteps.filter((s) => !(s === "unit" && unit) && !(s === "e2e" && e2e) && !(s === "process" && processes)).length;

// The failures again at the end, where a CI log's tail (often all that is kept) shows them.
const failures = [...vitestFailures(unit), ...vitestFailures(processes), ...playwrightFailures(e2e)];
if (failures.length) {
  console.log(`\n[test] failed tests (${failures.length}):`);
  for (const line of failures.slice(0, 20)) console.log(`[test]   ${line}`);
}
console.log(`\n[test] steps: ${took.join(", ")}`);
console.log(`[test] ${((Date.now() - started) / 1000).toFixed(0)} s; ${failedSteps.length ? `failed steps: ${failedSteps.join(", ")}` : "all steps green"}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length || counts.failed ? 1 : 0);

function readJson(file) {
  const full = path.join(root, file);
  return existsSync(full) ? JSON.parse(readFileSync(full, "utf8")) : null;
}

/** "file › test: first line of the error" for each failed Vitest test, or each file that failed to run. */
function vitestFailures(report) {
  if (!report) return [];
  return report.testResults.flatMap((file) => {
    const name = path.relative(root, file.name);
    const failed = file.assertionResults.filter((test) => test.status === "failed");
    if (failed.length === 0) return file.status === "failed" ? [`${name}: ${firstLine(file.message)}`] : [];
    return failed.map((test) => `${name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  });
}

/** The same for Playwright's JSON report: tests that ended other than expected (flaky ones passed). */
function playwrightFailures(report) {
  if (!report) return [];
  const specs = (suite) => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specs)];
  return report.suites.flatMap(specs).flatMap((spec) =>
    spec.tests
      .filter((test) => test.status === "unexpected")
      .map((test) => `${spec.file}:${spec.line} › ${spec.title}: ${firstLine(test.results.at(-1)?.errors?.[0]?.message)}`),
  );
}

function firstLine(text) {
  // Playwright's messages carry terminal colour codes.
  return stripVTControlCharacters(text ?? "no message").split("\n").find((line) => line.trim()) ?? "no message";
}
