import { defineConfig } from "vitest/config";

/** `pnpm test:watch` at the root: every package's tests in one watcher. */
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "e2e"],
  },
});
