// Shared flat config: typescript-eslint's recommended rules plus the repo's conventions.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Env is read only in each package's env.ts (STYLE.md §6).
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read env through the package's env.ts" },
      ],
    },
  },
  { files: ["**/*.mjs", "**/scripts/**"], languageOptions: { globals: globals.node } },
  { files: ["**/public/**/*.js"], languageOptions: { globals: globals.browser } },
  { files: ["**/env.ts", "**/*.config.*", "**/scripts/**", "**/*.test.ts", "**/e2e/**"], rules: { "no-restricted-properties": "off" } },
);
