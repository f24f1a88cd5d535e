import { randomUUID } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { PROTOCOL_VERSION } from "@parley/protocol";
import { afterEach, expect, it } from "vitest";
import { StoreUnavailable, type Store } from "../src/store/store.js";
import { PASSWORD, joinGeneral, openTestStore, scratchDir, startServer } from "./harness.js";

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

/** One request on `agent`'s single keep-alive connection: status, body, and whether it went on an earlier request's connection. */
function onConnection(agent: Agent, url: string, method = "GET", body?: unknown) {
  return new Promise<{ status: number; body: unknown; reused: boolean }>((resolve, reject) => {
    const request = httpRequest(url, { agent, method, headers: { "content-type": "application/json" } }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown, reused: request.reusedSocket }),
      );
    });
    request.on("error", reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

it("while draining, says so on /readyz and stays alive on /healthz, to a load balancer's kept-alive connection", async () => {
  // Two writes held: a sign-in on the load balancer's connection, which keeps
  // it busy (Node closes idle connections when the server stops listening),
  // and a message, which keeps the shutdown draining.
  const store = await openTestStore(`${dir.path}/parley.db`);
  const signIn = Promise.withResolvers<void>();
  const message = Promise.withResolvers<void>();
  const signInHeld = Promise.withResolvers<void>();
  const messageHeld = Promise.withResolvers<void>();
  let holding = false;
  const held: Store = {
    ...store,
    async createSession(session) {
      if (holding) {
        signInHeld.resolve();
        await signIn.promise;
      }
      return store.createSession(session);
    },
    async appendRoomMessage(appended) {
      if (holding && appended.kind === "user") {
        messageHeld.resolve();
        await message.promise;
      }
      return store.appendRoomMessage(appended);
    },
  };
  const server = await startServer(`${dir.path}/parley.db`, undefined, { store: held });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const alice = await joinGeneral(server, "alice");
    await server.token("bob");
    expect(await onConnection(agent, `${server.url}/readyz`)).toMatchObject({ status: 200, reused: false });

    holding = true;
    const sent = alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text: "in flight" });
    const signedIn = onConnection(agent, `${server.url}/api/tokens`, "POST", { username: "bob", password: PASSWORD });
    await Promise.all([messageHeld.promise, signInHeld.promise]);
    const closed = server.app.close();
    signIn.resolve();
    expect(await signedIn).toMatchObject({ status: 201, reused: true });

    expect(await onConnection(agent, `${server.url}/readyz`)).toEqual({
      status: 503,
      body: { status: "not ready", reason: "draining", protocolVersion: PROTOCOL_VERSION },
      reused: true,
    });
    expect(await onConnection(agent, `${server.url}/healthz`)).toMatchObject({ status: 200, reused: true });
    message.resolve();
    expect(await sent).toMatchObject({ ok: true, data: { text: "in flight" } });
    await closed;
  } finally {
    signIn.resolve();
    message.resolve();
    agent.destroy();
    await server.close();
  }
});
