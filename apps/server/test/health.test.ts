import { PROTOCOL_VERSION } from "@parley/protocol";
import { afterEach, expect, it } from "vitest";
import { StoreUnavailable } from "../src/store/store.js";
import { openTestStore, scratchDir, startServer } from "./harness.js";

const dir = scratchDir();
afterEach(() => dir.cleanup());

const json = async (response: Response) => ({ status: response.status, body: await response.json() });

it("is alive and ready while the store answers", async () => {
  const server = await startServer(`${dir.path}/parley.db`);
  try {
    expect(await json(await fetch(`${server.url}/healthz`))).toEqual({
      status: 200,
      body: { status: "ok", protocolVersion: PROTOCOL_VERSION },
    });
    expect(await json(await fetch(`${server.url}/readyz`))).toEqual({
      status: 200,
      body: { status: "ready", protocolVersion: PROTOCOL_VERSION },
    });
  } finally {
    await server.close();
  }
});

it("stays alive but is not ready while the store does not answer", async () => {
  const store = await openTestStore(`${dir.path}/parley.db`);
  let down = false;
  const flaky = {
    ...store,
    ping: () => (down ? Promise.reject(new StoreUnavailable()) : store.ping()),
  };
  const server = await startServer(`${dir.path}/parley.db`, undefined, { store: flaky });
  try {
    down = true;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await json(await fetch(`${server.url}/readyz`))).toEqual({
      status: 503,
      body: { status: "not ready", reason: "database unavailable", protocolVersion: PROTOCOL_VERSION },
    });
    down = false;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  } finally {
    await server.close();
  }
});
