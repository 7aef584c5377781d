import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
export default defineConfig({
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
    // With two test files at a time and another process busy, tests that take 10-12 s on their
    // own took 29-33 s (the unit step at 1,360 s instead of 600 s): a hang still fails, later.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Images sent by tests (attachments/) go to a scratch folder, not into the package.
    env: { KEFU_ATTACHMENTS_DIR: path.join(tmpdir(), "kefu-test-attachments") },
  },
});
