import { defineConfig } from "vitest/config";

// One Vitest run over every package and app: unit tests (domain, ai, admin) and integration
// tests against the real embedded Postgres (db, api).
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "scripts/vitest.config.ts"],
    reporters: ["default", ["json", { outputFile: "reports/unit.json" }]],
  },
});
