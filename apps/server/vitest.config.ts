import { mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

export default mergeConfig(sharedConfig, {
  // The connection-memory tests collect garbage to show what a connection lets go of.
  test: { execArgv: ["--expose-gc"] },
});
