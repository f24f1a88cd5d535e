import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

/**
 * The server's tests run twice: on the embedded SQLite store, and again on
 * PostgreSQL (a scratch database per run, see test/postgres-setup.ts). The
 * second run leaves out what belongs to one engine or to no store at all.
 * The store contract suite (test/store) runs once, in the postgres project
 * whose scratch database it needs, and covers both engines itself.
 */
export default mergeConfig(
  sharedConfig,
  defineConfig({
    // The connection-memory tests collect garbage to show what a connection lets go of.
    test: {
      execArgv: ["--expose-gc"],
      projects: [
        {
          extends: true,
          // Tests of PostgreSQL alone (its errors, its outages), and those
          // that need both engines at once (moving data, the store's contract
          // suite), run in the postgres project only.
          test: {
            name: "sqlite",
            exclude: [
              ...configDefaults.exclude,
              "test/postgres/**",
              "src/store/postgres/**",
              "test/migrate-data.test.ts",
              "test/store/**",
            ],
          },
        },
        {
          extends: true,
          test: {
            name: "postgres",
            include: ["test/**/*.test.ts", "src/store/**/*.test.ts"],
            exclude: ["src/store/sqlite/**", "test/batched-appends.test.ts"],
            env: { PARLEY_TEST_ENGINE: "postgres" },
            globalSetup: ["test/postgres-setup.ts"],
          },
        },
      ],
    },
  }),
);
