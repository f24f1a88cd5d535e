import { PROTOCOL_VERSION } from "@parley/protocol";
import { afterEach, expect, it } from "vitest";
import { scratchDir, startServer } from "./harness.js";

const dir = scratchDir();
afterEach(() => dir.cleanup());

it("answers /healthz while the store answers", async () => {
  const server = await startServer(`${dir.path}/parley.db`);
  try {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", protocolVersion: PROTOCOL_VERSION });
  } finally {
    await server.close();
  }
});
