import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { ErrorCode, authRoutes } from "@parley/protocol";
import { describe, expect, it as plainIt } from "vitest";
import { PASSWORD, itWithPeople, scratchDir, startServer } from "../harness.js";
import { expectCleanPrototypes, prototypeSnapshot, stillServing } from "./expectations.js";
import { http, rawHttp, type HttpResult } from "./http-client.js";

const it = itWithPeople("alice", "bob");

const baseline = prototypeSnapshot();

/** An `/api` failure: exactly `{ error: { code, message } }` as JSON, with nothing else (no stack, no SQL). */
function expectApiError(answer: HttpResult, code: ErrorCode, what: string): void {
  expect(answer.headers["content-type"], what).toMatch(/^application\/json\b/);
  expect(JSON.parse(answer.text), what).toEqual({ error: { code, message: expect.any(String) } });
  expect(answer.text, what).not.toMatch(/\n\s+at |\.[cm]?[jt]s:\d+|node_modules|[A-Z]\w+Error\b|SQLITE_|\bSELECT\b/);
}

describe("header floods", () => {
  const flood = Array.from({ length: 5000 }, (_, i) => `X-Flood-${i}: ${i}\r\n`).join("");
  const upgrade =
    "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  const requests: [string, string][] = [
    ["a plain request", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"],
    ["a WebSocket upgrade", `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n${upgrade}`],
    ["an API request", `POST ${authRoutes.accounts} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n`],
  ];

  it.for(requests)(
    "%s with 5,000 headers: 431 or a closed connection, never a crash",
    async ([, head], { server, people }) => {
      const { response } = await rawHttp(server, `${head}${flood}\r\n{}`);
      // Either the server said 431 before closing, or the reset swallowed it.
      if (response !== "") expect(response).toMatch(/^HTTP\/1\.1 431 /);
      expect((await server.api("GET", "/healthz")).status).toBe(200);
      await stillServing(people.alice, people.bob);
    },
  );

  it("one 20 KB header: 431 or a closed connection", async ({ server, people }) => {
    const { response } = await rawHttp(
      server,
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
    );
    if (response !== "") expect(response).toMatch(/^HTTP\/1\.1 431 /);
    await stillServing(people.alice, people.bob);
  });

  // A control: the refusals above are for the flood, not for having many headers.
  it("500 tiny headers are answered normally", async ({ server, people }) => {
    const tiny = Array.from({ length: 500 }, (_, i) => `${i.toString(36)}:1\r\n`).join("");
    const { response } = await rawHttp(
      server,
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${tiny}\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    await stillServing(people.alice, people.bob);
  });
});

describe("request bodies the JSON parser refuses", () => {
  const json = { "content-type": "application/json" };
  const credentials = JSON.stringify({ username: "mallory", password: PASSWORD });
  const bodies: [string, Record<string, string>, string | Buffer, number][] = [
    ["malformed JSON", json, '{"username":', 400],
    ["JSON with a trailing comma", json, '{"username":"mallory","password":"x",}', 400],
    ["a bare string", json, '"mallory"', 400],
    ["null", json, "null", 400],
    ["a body of 5 KB (limit 4 KB)", json, JSON.stringify({ username: "mallory", password: "x".repeat(5000) }), 413],
    ["a body of 256 KB", json, JSON.stringify({ username: "mallory", password: "x".repeat(256 * 1024) }), 413],
    ["a gzip bomb (10 MB of spaces)", { ...json, "content-encoding": "gzip" }, gzipSync(" ".repeat(10_000_000)), 413],
    ["a gzip header on a body that is not gzip", { ...json, "content-encoding": "gzip" }, credentials, 400],
    ["an unknown content encoding", { ...json, "content-encoding": "zstd" }, credentials, 415],
    ["a charset JSON is never sent in", { "content-type": "application/json; charset=utf-16" }, credentials, 415],
  ];

  it.for([authRoutes.accounts, authRoutes.sessions, authRoutes.tokens])(
    "POST %s: 4xx with invalid_payload as JSON, never a stack trace",
    async (route, { server, people }) => {
      for (const [what, headers, body, status] of bodies) {
        const answer = await http(server, "POST", route, { headers, body });
        // Which 4xx a few of them get is body-parser's choice; that it is a 4xx is ours.
        if (status === 415) expect([400, 415], what).toContain(answer.status);
        else expect(answer.status, what).toBe(status);
        expectApiError(answer, "invalid_payload", what);
      }
      await stillServing(people.alice, people.bob);
    },
  );
});

describe("request bodies the schema refuses", () => {
  const good = { username: "mallory", password: PASSWORD };
  const bodies: [string, string, Record<string, string>][] = [
    ["JSON sent as text/plain", JSON.stringify(good), { "content-type": "text/plain" }],
    ["JSON with no content type", JSON.stringify(good), {}],
    ["an array", JSON.stringify([good]), { "content-type": "application/json" }],
    [
      "a __proto__ key",
      JSON.stringify(good).replace("{", '{"__proto__":{"polluted":true},'),
      { "content-type": "application/json" },
    ],
    [
      "a constructor key",
      JSON.stringify(good).replace("{", '{"constructor":{"prototype":{"polluted":true}},'),
      {
        "content-type": "application/json",
      },
    ],
    [
      "1,500 levels of nesting",
      `{"username":${"[".repeat(1500)}${"]".repeat(1500)},"password":"x"}`,
      {
        "content-type": "application/json",
      },
    ],
    [
      "a username of the wrong type",
      JSON.stringify({ ...good, username: ["mallory"] }),
      { "content-type": "application/json" },
    ],
    [
      "a password of 257 characters",
      JSON.stringify({ ...good, password: "p".repeat(257) }),
      { "content-type": "application/json" },
    ],
    ["an extra field", JSON.stringify({ ...good, isAdmin: true }), { "content-type": "application/json" }],
  ];

  it(`POST ${authRoutes.accounts}: 400 invalid_payload, and nothing leaks into the prototypes`, async ({
    server,
    people,
  }) => {
    for (const [what, body, headers] of bodies) {
      const answer = await http(server, "POST", authRoutes.accounts, { headers, body });
      expect(answer.status, what).toBe(400);
      expectApiError(answer, "invalid_payload", what);
    }
    expectCleanPrototypes(baseline);
    // None of them made an account.
    expect((await server.api("POST", authRoutes.tokens, good)).status).toBe(401);
    await stillServing(people.alice, people.bob);
  });
});

describe("usernames", () => {
  const hostile = [
    "<script>alert(1)</script>",
    "<b>bob</b>",
    "x'); DROP TABLE users; --",
    "alice'--",
    "' OR '1'='1",
    "%",
    "a%",
    "a b",
    "alice\u0000",
    "alice\n",
    "\u202ealice",
    "\u0430lice",
    "\uff53\uff51\uff4c",
    "",
    "a".repeat(33),
  ];

  it("with HTML, SQL, spaces or non-ASCII are refused with invalid_payload; the accounts table is intact", async ({
    server,
  }) => {
    for (const username of hostile) {
      const answer = await http(server, "POST", authRoutes.accounts, {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(answer.status, JSON.stringify(username)).toBe(400);
      expectApiError(answer, "invalid_payload", JSON.stringify(username));
    }
    expect((await server.api("POST", authRoutes.accounts, { username: "alice", password: PASSWORD })).status).toBe(201);
    const taken = await server.api("POST", authRoutes.accounts, { username: "ALICE", password: PASSWORD });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: "username_taken" } } });
    expect((await server.api("POST", authRoutes.tokens, { username: "alice", password: PASSWORD })).status).toBe(201);
  });
});

describe("passwords", () => {
  it("with lone surrogates are refused, so no two passwords hash alike", async ({ server }) => {
    // A lone surrogate has no UTF-8 form: hashed, it would become U+FFFD, and
    // "\ud800" and "\udfff" would be the same password.
    const refused = await server.api("POST", authRoutes.accounts, {
      username: "surrogate",
      password: "\ud800".repeat(10),
    });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });

    const password = "\ufffd".repeat(10);
    expect((await server.api("POST", authRoutes.accounts, { username: "replacement", password })).status).toBe(201);
    expect((await server.api("POST", authRoutes.tokens, { username: "replacement", password })).status).toBe(201);
    for (const lookalike of ["\udfff".repeat(10), "\ud800".repeat(10)]) {
      const answer = await server.api("POST", authRoutes.tokens, { username: "replacement", password: lookalike });
      expect(answer.status).toBe(400);
    }
  });
});

describe("routes and methods that do not exist", () => {
  it("answer a JSON error under /api, never a stack trace", async ({ server, people }) => {
    const attempts: [string, string][] = [
      ["GET", authRoutes.accounts],
      ["PATCH", authRoutes.session],
      ["POST", "/api/nope"],
      ["GET", "/api/%E0%A4%A"],
      ["GET", "/api/..%2f..%2fetc%2fpasswd"],
    ];
    for (const [method, path] of attempts) {
      const answer = await http(server, method, path, { headers: { "content-type": "application/json" }, body: "{}" });
      expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${method} ${path}`).toBeLessThan(500);
      const { error } = JSON.parse(answer.text) as { error: { code: string } };
      expectApiError(answer, ErrorCode.parse(error.code), `${method} ${path}`);
    }
    await stillServing(people.alice, people.bob);
  });
});

describe("the web app's files", () => {
  plainIt("nothing outside the web root is served, however the path is encoded", async () => {
    const dir = scratchDir();
    mkdirSync(`${dir.path}/web/assets`, { recursive: true });
    writeFileSync(`${dir.path}/web/index.html`, "<!doctype html><title>index</title>");
    writeFileSync(`${dir.path}/secret.txt`, "TOP SECRET");
    const server = await startServer(`${dir.path}/parley.db`, (config) => {
      config.webRoot = `${dir.path}/web`;
    });
    try {
      const paths = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "//..//secret.txt",
      ];
      for (const path of paths) {
        const answer = await http(server, "GET", path);
        expect(answer.status, path).toBeLessThan(500);
        expect(answer.text, path).not.toContain("TOP SECRET");
      }
    } finally {
      await server.close();
      dir.cleanup();
    }
  });
});
