import { defineConfig } from "vitest/config";

// Unit tests of the admin app's pure helpers (no DOM, no React).
export default defineConfig({ test: { name: "admin", include: ["src/**/*.test.ts"] } });
