import { defineConfig } from "vitest/config";

// The shared UI's server render (react-dom/server): no DOM, milliseconds.
export default defineConfig({ test: { name: "ui", include: ["src/**/*.test.{ts,tsx}"] } });
