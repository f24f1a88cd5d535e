import { mergeConfig } from "vitest/config";
import { sharedConfig } from "../vitest.shared.js";

export default mergeConfig(sharedConfig, {
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    // One server and one browser for the whole file; a browser start or a page
    // load on a busy CI machine can take a while, so the limits are generous.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // The fault tests run the server on PostgreSQL too, in this run's own database.
    globalSetup: ["support/postgres-setup.ts"],
  },
});
