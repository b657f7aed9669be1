// Type-aware lint of the TypeScript sources: `npm run lint`, run by `npm test` (scripts/test-all.sh) before the suites.
// Formatting is prettier's (`npm run format`, checked by `npm run format:check` in `npm test`), not eslint's.
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "out/**",
      "dist/**",
      ".package/**",
      // the bench's llama.cpp checkout (bench/build-llama-bench.sh) carries its own eslint configs
      ".bench/**",
      ".fixtures/**",
      "node_modules/**",
      "test/vscode-host/node_modules/**",
      "**/*.mjs",
      "**/*.js",
    ],
  },
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The promise rules this lint is for (recommendedTypeChecked has them too; named so they stay errors).
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // An AbortSignal's reason is typed `any` and is an Error by this codebase's convention (abort(new Error(…))).
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true }],
      // `import x = require()` keeps a module's own object (tests wrap its functions); package.json is read as data.
      "@typescript-eslint/no-require-imports": ["error", { allowAsImport: true, allow: ["/package\\.json$"] }],
      // Test doubles implement async interfaces with async methods that have nothing to await.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "error",
    },
  },
);
