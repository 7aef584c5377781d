import { defineConfig } from "vitest/config";
// The process tests (*.process.test.ts) start the production build: scripts/vitest.process.config.ts runs them after e2e.
export default defineConfig({
  test: { name: "scripts", include: ["scripts/**/*.test.ts"], exclude: ["scripts/**/*.process.test.ts"], root: new URL("..", import.meta.url).pathname },
});
