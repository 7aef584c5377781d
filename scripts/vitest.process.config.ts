import { defineConfig } from "vitest/config";

// Process tests: the product started as `npm start` starts it (production build), driven over
// real HTTP and stopped with signals. They run after the end-to-end tests, which build it.
export default defineConfig({
  test: {
    name: "process",
    include: ["scripts/**/*.process.test.ts"],
    root: new URL("..", import.meta.url).pathname,
    fileParallelism: false,
    // A first start may build the apps (cached by turbo afterwards).
    hookTimeout: 600_000,
    testTimeout: 600_000,
    reporters: ["default", ["json", { outputFile: "reports/process.json" }]],
  },
});
