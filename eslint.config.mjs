import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The domain and the providers know no transport: they throw AppError (lib/errors.ts), the edge maps it.
    files: ["lib/domain/**", "lib/integrations/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/http", "@/lib/http/*", "next/server"], message: "lib/domain and lib/integrations import nothing from the HTTP layer; throw AppError from @/lib/errors." }] }],
    },
  },
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", ".data/**", "next-env.d.ts"] },
];

export default config;
