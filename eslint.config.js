// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

// Layers Carnet's code may not cross (docs/architecture.md). Patterns match relative imports too.
const outerLayers = ["web", "persistence", "lti", "presenters", "jobs", "cli"].map((layer) => ({
  group: [`**/${layer}/**`, `../${layer}/*`, `./${layer}/*`],
  message: `The domain and policies are pure: no import from src/${layer}.`,
}));
const compositionRoot = {
  group: ["**/container.js", "**/app.js", "**/main.js"],
  message: "Only the composition root builds things; pure code receives what it needs.",
};
const databaseDriver = {
  group: ["mongoose", "mongodb", "**/persistence/models/**"],
  message: "web, jobs, lti and presenters go through repositories (ports), never mongoose or a model.",
};

/**
 * Files still reaching mongoose models directly, being moved onto repositories (issue 10). The list only
 * shrinks; delete a file from it when it no longer needs the exception.
 */
const stillReachingModels = [];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".cache/**", ".data/**", "coverage/**", "public/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Express 4 does not await handlers: a promise left floating is an error nobody sees.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      eqeqeq: ["error", "always"],
      "no-console": "error",
    },
  },
  {
    // The domain and the policies are pure: no web framework, database driver, LTI library or outer layer.
    files: ["src/domain/**/*.ts", "src/policies/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["express", "mongoose", "mongodb", "ltijs", "multer"].map((name) => ({
            name,
            message: "The domain and policies are pure.",
          })),
          patterns: [
            { group: ["express-*"], message: "The domain is pure." },
            ...outerLayers,
            compositionRoot,
          ],
        },
      ],
    },
  },
  {
    files: ["src/web/**/*.ts", "src/jobs/**/*.ts", "src/lti/**/*.ts", "src/presenters/**/*.ts"],
    ignores: stillReachingModels,
    rules: { "no-restricted-imports": ["error", { patterns: [databaseDriver] }] },
  },
  {
    // Small modules with one job: a file over 500 lines or a function over 80 wants splitting.
    files: ["src/**/*.ts"],
    rules: {
      "max-lines": ["error", { max: 500 }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts", "src/cli/**/*.ts"],
    rules: { "no-console": "off", "@typescript-eslint/no-unused-expressions": "off" },
  },
  prettier,
);
