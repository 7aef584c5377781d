import { defineConfig } from "vitest/config";

// One Vitest run over every package and app: unit tests (domain, ai, admin) and integration
// tests against the real embedded Postgres (db, api).
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "scripts/vitest.config.ts"],
    reporters: ["default", ["json", { outputFile: "reports/unit.json" }]],
    // Integration tests wait on their database and timers as much as they compute: two files at a
    // time keep both cores busy (Vitest's default, one fewer than the cores, runs one). Three were
    // faster still (11.3 → 8.2 min) but slowed a wire-protocol stress test past its time.
    maxWorkers: 2,
  },
});
