import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
export default defineConfig({
  test: {
    name: "api",
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Images sent by tests (attachments/) go to a scratch folder, not into the package.
    env: { KEFU_ATTACHMENTS_DIR: path.join(tmpdir(), "kefu-test-attachments") },
  },
});
