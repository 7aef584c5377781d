#!/usr/bin/env node
// `npm run migration:new -w @kefu/db -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// from the difference between the schema of the last migration (kept beside the
// migrations as schema.snapshot.prisma) and prisma/schema.prisma, then updates
// the snapshot. Needs no database: `prisma migrate dev` cannot replay our
// migrations on PGlite's shadow database.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run migration:new -w @kefu/db -- <name>");
  process.exit(1);
}
const dir = (p) => fileURLToPath(new URL(`../prisma/${p}`, import.meta.url));
const snapshot = dir("migrations/schema.snapshot.prisma");
const diff = spawnSync(
  process.execPath,
  [fileURLToPath(new URL("./prisma.mjs", import.meta.url)), "migrate", "diff", "--from-schema-datamodel", snapshot, "--to-schema-datamodel", dir("schema.prisma"), "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (diff.status !== 0) process.exit(diff.status ?? 1);
const sql = diff.stdout.replace(/^Loaded Prisma config.*\n/m, "").trim();
if (!sql || sql === "-- This is an empty migration.") {
  console.log("The schema has not changed since the last migration.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
mkdirSync(dir(`migrations/${stamp}_${name}`), { recursive: true });
writeFileSync(dir(`migrations/${stamp}_${name}/migration.sql`), `${sql}\n`);
copyFileSync(dir("schema.prisma"), snapshot);
console.log(`Wrote prisma/migrations/${stamp}_${name}/migration.sql`);
