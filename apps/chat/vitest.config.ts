import { defineConfig } from "vitest/config";

// The visitor's client against the real public router over HTTP (embedded Postgres).
export default defineConfig({ test: { name: "chat", include: ["src/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 } });
