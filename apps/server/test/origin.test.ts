import { request } from "node:http";
import { afterEach, expect, it } from "vitest";
import WebSocket from "ws";
import { scratchDir, startServer, type TestServer } from "./harness.js";

const dir = scratchDir();
let server: TestServer;
afterEach(async () => {
  await server.close();
  dir.cleanup();
});

async function start(allowedOrigins: string[] = []): Promise<TestServer> {
  server = await startServer(`${dir.path}/parley.db`, (config) => {
    config.allowedOrigins = allowedOrigins;
  });
  return server;
}

/** The HTTP status a WebSocket upgrade gets from this Origin (101 = accepted). */
function upgradeStatus(url: string, origin: string | undefined, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`, {
      headers: { ...(origin ? { origin } : {}), ...(cookie ? { cookie } : {}) },
    });
    socket.once("upgrade", (response) => {
      resolve(response.statusCode ?? 0);
      socket.close();
    });
    socket.once("unexpected-response", (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once("error", reject);
  });
}

/** The HTTP status of a long-polling handshake from this Origin. */
function pollingStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { origin } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", reject);
    req.end();
  });
}

it("refuses a foreign page on both transports with 403, even carrying a valid cookie", async () => {
  const { url, api } = await start();
  const signedUp = await api("POST", "/api/accounts", { username: "alice", password: "correct horse battery staple" });
  const cookie = signedUp.headers.getSetCookie()[0]?.split(";")[0];
  expect(await upgradeStatus(url, "https://evil.example", cookie)).toBe(403);
  expect(await pollingStatus(url, "https://evil.example")).toBe(403);
  expect(await pollingStatus(url, "null")).toBe(403);
});

it("lets in the page's own origin, listed origins and non-browser clients", async () => {
  const { url } = await start(["https://chat.example.com"]);
  expect(await upgradeStatus(url, url)).toBe(101);
  expect(await upgradeStatus(url, "https://chat.example.com")).toBe(101);
  expect(await upgradeStatus(url, undefined)).toBe(101);
  expect(await pollingStatus(url, "https://chat.example.com")).toBe(200);
  // Exact matches only.
  expect(await pollingStatus(url, "https://chat.example.com.evil.example")).toBe(403);
});

it("refuses a foreign page's sign-in and sign-out", async () => {
  const { api } = await start();
  const credentials = { username: "alice", password: "correct horse battery staple" };
  const foreign = { origin: "https://evil.example" };
  expect(await api("POST", "/api/accounts", credentials, foreign)).toMatchObject({
    status: 403,
    body: { error: { code: "forbidden_origin" } },
  });
  expect((await api("DELETE", "/api/session", undefined, foreign)).status).toBe(403);
});

it("sends a strict Content-Security-Policy and the other security headers", async () => {
  const { url } = await start();
  const response = await fetch(`${url}/healthz`);
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
});
