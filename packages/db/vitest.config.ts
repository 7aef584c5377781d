import { defineConfig } from "vitest/config";
// As packages/api: room for a busy machine (two test files at a time and another process).
export default defineConfig({ test: { name: "db", include: ["src/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 } });
