import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/** Inside the workspace, import each package's TypeScript source (see tsconfig.base.json). */
const sourceCondition = "@parley/source";

/**
 * What every package's Vitest config shares. On CI each run also writes a
 * JSON report, which .ci/run adds up into its closing `N passed, N failed`.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
  test: {
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: ".test-results/vitest.json" },
  },
});
