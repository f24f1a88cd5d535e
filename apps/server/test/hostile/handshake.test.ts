import { createHash, randomBytes } from "node:crypto";
import { PROTOCOL_VERSION, SESSION_COOKIE, authRoutes, type ErrorCode, type ProtocolError } from "@parley/protocol";
import { describe, expect, it as plainIt, vi } from "vitest";
import type { Config } from "../../src/app.js";
import { PASSWORD, it, joinGeneral, refusal, scratchDir, startServer, type TestServer } from "../harness.js";
import { stillServing } from "./expectations.js";
import { http, pollingPath } from "./http-client.js";
import { RawSocket, rawSignedIn, upgradeStatus } from "./support.js";

/** Signs `username` up as a browser would, and returns the `Cookie` header it would send. */
async function sessionCookie(server: TestServer, username: string): Promise<string> {
  const created = await server.api("POST", authRoutes.accounts, { username, password: PASSWORD });
  expect(created.status).toBe(201);
  const cookie = new RegExp(`(?:^|, )(${SESSION_COOKIE}=[\\w-]+)`).exec(created.headers.get("set-cookie") ?? "");
  if (!cookie?.[1]) throw new Error("sign-up set no session cookie");
  return cookie[1];
}

/** A refusal carries exactly `{ code, message }` (and a rate limit `retryAfterMs`), with a code from the protocol's enum. */
function expectRefusal(data: ProtocolError | undefined, code: ErrorCode, what: string): void {
  const whenToRetry = code === "rate_limited" ? { retryAfterMs: expect.any(Number) as number } : {};
  expect(data, what).toEqual({ code, message: expect.any(String), ...whenToRetry });
}

/** The `data` of a raw CONNECT_ERROR packet (`44{...}`). */
function connectError(frame: string): ProtocolError | undefined {
  expect(frame).toMatch(/^44\{/);
  return (JSON.parse(frame.slice(2)) as { data?: ProtocolError }).data;
}

describe("a page on a foreign origin, holding a valid session cookie", () => {
  const foreign = (server: TestServer) => {
    const { port } = new URL(server.url);
    return [
      "https://evil.example",
      "null",
      `http://localhost:${port}`,
      "http://127.0.0.1",
      `https://127.0.0.1.evil.example:${port}`,
    ];
  };

  it("is refused with 403 on polling and on the WebSocket upgrade", async ({ server }) => {
    const cookie = await sessionCookie(server, "alice");
    for (const from of foreign(server)) {
      const polling = await http(server, "GET", pollingPath(), { headers: { origin: from, cookie } });
      expect(polling.status, from).toBe(403);
      expect(polling.text, from).not.toMatch(/^0\{/);
      expect(await upgradeStatus(server, { origin: from, cookie }), from).toBe(403);
    }
  });

  it("may not sign in, nor sign the user out", async ({ server }) => {
    const cookie = await sessionCookie(server, "alice");
    for (const from of foreign(server)) {
      const headers = { origin: from, cookie, "content-type": "application/json" };
      const signIn = await http(server, "POST", authRoutes.sessions, {
        headers,
        body: JSON.stringify({ username: "alice", password: PASSWORD }),
      });
      expect(signIn.status, from).toBe(403);
      expectRefusal((JSON.parse(signIn.text) as { error: ProtocolError }).error, "forbidden_origin", from);
      const signOut = await http(server, "DELETE", authRoutes.session, { headers });
      expect(signOut.status, from).toBe(403);
    }
    // The session survived every attempt.
    expect((await http(server, "GET", authRoutes.session, { headers: { cookie } })).status).toBe(200);
  });

  it("(control) the same cookie from the page's own origin, or from no browser at all, connects", async ({
    server,
  }) => {
    const cookie = await sessionCookie(server, "alice");
    const variants: Record<string, string>[] = [{ origin: server.url, cookie }, { cookie }];
    for (const headers of variants) {
      const polling = await http(server, "GET", pollingPath(), { headers });
      expect(polling.status).toBe(200);
      expect(polling.text).toMatch(/^0\{"sid"/);
      expect(await upgradeStatus(server, headers)).toBe(101);
      const socket = await RawSocket.open(server, headers);
      expect(await socket.connectNamespace({ protocolVersion: PROTOCOL_VERSION })).toMatch(/^40\{"sid"/);
      socket.close();
    }
  });
});

describe("a session token that is no good", () => {
  it("missing: connect_error unauthorized", async ({ server }) => {
    expectRefusal(await refusal(server, "mallory", { auth: { token: undefined } }), "unauthorized", "no token");
    const socket = await RawSocket.open(server);
    expectRefusal(
      connectError(await socket.connectNamespace({ protocolVersion: PROTOCOL_VERSION })),
      "unauthorized",
      "raw",
    );
    socket.close();
  });

  it("forged: connect_error unauthorized, by token or by cookie", async ({ server }) => {
    const real = await server.token("alice");
    const forged: [string, string][] = [
      ["random", randomBytes(32).toString("base64url")],
      ["the token's SHA-256, as a stolen database holds it", createHash("sha256").update(real).digest("hex")],
      ["the real token with its last character changed", real.slice(0, -1) + (real.endsWith("A") ? "B" : "A")],
      ["the real token in upper case", real.toUpperCase()],
      ["SQL", "' OR '1'='1"],
      ["a JSON null in a string", "null"],
    ];
    for (const [what, token] of forged) {
      expectRefusal(await refusal(server, "mallory", { token }), "unauthorized", what);
      const socket = await RawSocket.open(server, { cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` });
      expectRefusal(
        connectError(await socket.connectNamespace({ protocolVersion: PROTOCOL_VERSION })),
        "unauthorized",
        what,
      );
      socket.close();
    }
  });

  it("revoked by signing out: its live sockets end and it connects no more", async ({ server }) => {
    const token = await server.token("alice");
    const alice = await server.connect("alice", { token });
    const ended = new Promise<string>((resolve) => alice.once("disconnect", resolve));
    const signedOut = await server.api("DELETE", authRoutes.session, undefined, { authorization: `Bearer ${token}` });
    expect(signedOut.status).toBe(204);
    expect(await ended).toBe("io server disconnect");
    expectRefusal(await refusal(server, "alice", { token }), "unauthorized", "revoked");
    expect((await server.api("GET", authRoutes.session, undefined, { authorization: `Bearer ${token}` })).body).toEqual(
      {
        user: null,
      },
    );
  });

  plainIt("expired: connect_error unauthorized, by token or by cookie", async () => {
    const dir = scratchDir();
    const server = await startServer(`${dir.path}/parley.db`, (config) => {
      config.sessionTtlMs = 0;
    });
    try {
      const token = await server.token("alice");
      expectRefusal(await refusal(server, "alice", { token }), "unauthorized", "expired token");
      const cookie = await sessionCookie(server, "bob");
      const socket = await RawSocket.open(server, { cookie });
      expectRefusal(
        connectError(await socket.connectNamespace({ protocolVersion: PROTOCOL_VERSION })),
        "unauthorized",
        "cookie",
      );
      socket.close();
    } finally {
      await server.close();
      dir.cleanup();
    }
  });

  it("malformed handshakes are refused as such, before any session is looked up", async ({ server }) => {
    const cases: [string, Record<string, unknown>, ErrorCode][] = [
      ["an empty token", { token: "" }, "invalid_handshake"],
      ["a token of 513 characters", { token: "t".repeat(513) }, "invalid_handshake"],
      ["a token that is a number", { token: 12345 }, "invalid_handshake"],
      ["a token that is an object", { token: { $ne: null } }, "invalid_handshake"],
      ["an extra field", { isAdmin: true }, "invalid_handshake"],
      ["a user named in the handshake", { user: { id: "x", username: "bob" } }, "invalid_handshake"],
      ["another protocol version", { protocolVersion: PROTOCOL_VERSION + 1 }, "unsupported_version"],
      ["the version as a string", { protocolVersion: String(PROTOCOL_VERSION) }, "unsupported_version"],
    ];
    for (const [what, auth, code] of cases) {
      expectRefusal(await refusal(server, "mallory", { auth }), code, what);
    }
  });
});

describe("a session that expires while its socket is connected", () => {
  it("ends the socket at its next request", async ({ server }) => {
    const mallory = await rawSignedIn(server, "mallory");
    const since = mallory.frames.length;
    // Only Date is faked, and only the raw client is connected: socket.io-client
    // would see its own heartbeat expire.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 15 * 24 * 60 * 60 * 1000);
      mallory.send('4277["presence:list",{}]');
      await mallory.closed;
    } finally {
      vi.useRealTimers();
    }
    const frames = mallory.frames.slice(since);
    expect(frames).toContain("41");
    expect(frames.filter((frame) => frame.startsWith("4377") && frame.includes('"ok":true'))).toEqual([]);
    // The refusal comes before the disconnect, so the client learns why it was cut off.
    expect(frames).toContainEqual(expect.stringMatching(/^4377\[\{"ok":false,"error":\{"code":"unauthorized"/));

    const [alice, bob] = await Promise.all([joinGeneral(server, "alice"), joinGeneral(server, "bob")]);
    await stillServing(alice, bob);
  });
});

describe("behind a trusted reverse proxy", () => {
  plainIt("one client using up its handshakes does not lock others out", async () => {
    const dir = scratchDir();
    const server = await startServer(`${dir.path}/parley.db`, (config: Config) => {
      config.trustProxy = "loopback";
      config.rateLimits = { ...config.rateLimits, handshakesPerIp: { points: 2, seconds: 60 } };
    });
    try {
      const [malloryToken, aliceToken] = [await server.token("mallory"), await server.token("alice")];
      const attempt = async (clientAddress: string, token: string) => {
        const socket = await RawSocket.open(server, { "x-forwarded-for": clientAddress });
        const answer = await socket.connectNamespace({ protocolVersion: PROTOCOL_VERSION, token });
        socket.close();
        return answer;
      };
      const mallorys = [];
      for (let i = 0; i < 3; i++) mallorys.push(await attempt("203.0.113.66", malloryToken));
      expect(mallorys.slice(0, 2)).toEqual([expect.stringMatching(/^40\{"sid"/), expect.stringMatching(/^40\{"sid"/)]);
      expectRefusal(connectError(mallorys[2] as string), "rate_limited", "mallory's third handshake");

      const alice = await attempt("198.51.100.7", aliceToken);
      // The limit is per client address as Express sees it (TRUST_PROXY), not per proxy.
      expect(alice).toMatch(/^40\{"sid"/);
    } finally {
      await server.close();
      dir.cleanup();
    }
  });
});
