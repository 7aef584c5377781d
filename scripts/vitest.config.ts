import { defineConfig } from "vitest/config";
export default defineConfig({ test: { name: "scripts", include: ["scripts/**/*.test.ts"], root: new URL("..", import.meta.url).pathname } });
