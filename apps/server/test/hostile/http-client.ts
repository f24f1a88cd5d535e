import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect as netConnect } from "node:net";
import { PROTOCOL_VERSION } from "@parley/protocol";
import { expect } from "vitest";
import type { TestServer } from "../harness.js";

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One HTTP request with full control of its headers (Origin, Cookie, a
 * charset) and body, which `fetch` does not give.
 */
export function http(
  server: TestServer,
  method: string,
  path: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let answer: HttpResult | undefined;
    const chunks: Buffer[] = [];
    // Node sends a GET's body with no length unless told, which garbles the next request on the connection.
    const length = body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const request = httpRequest(`${server.url}${path}`, { method, headers: { ...length, ...headers } }, (response) => {
      answer = { status: response.statusCode ?? 0, headers: response.headers, text: "" };
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ ...(answer as HttpResult), text: Buffer.concat(chunks).toString() }));
    });
    // A server that answers before reading the whole body (413) may reset the
    // connection under the rest of it; the answer counts, the reset does not.
    request.on("error", (error) => {
      if (answer) resolve({ ...answer, text: Buffer.concat(chunks).toString() });
      else reject(error);
    });
    request.end(body);
  });
}

/** What came back on a raw TCP connection before it closed, and whether it was reset. */
export interface RawHttpResult {
  response: string;
  error: string | undefined;
}

/** Writes `text` to a raw TCP connection to the server and reads until the server closes it. */
export function rawHttp(server: TestServer, text: string): Promise<RawHttpResult> {
  const { port } = new URL(server.url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const socket = netConnect(Number(port), "127.0.0.1", () => socket.end(text));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (problem: NodeJS.ErrnoException) => (error = problem.code ?? problem.message));
    socket.on("close", () => resolve({ response: Buffer.concat(chunks).toString("latin1"), error }));
  });
}

/** The Engine.IO long-polling endpoint, with a session id once there is one. */
export function pollingPath(sid?: string): string {
  return `/socket.io/?EIO=4&transport=polling${sid === undefined ? "" : `&sid=${encodeURIComponent(sid)}`}`;
}

/** A polling session signed in as `username`, its namespace connected; resolves with the Engine.IO sid. */
export async function pollingSignedIn(server: TestServer, username: string): Promise<string> {
  const handshake = await http(server, "GET", pollingPath());
  expect(handshake.status).toBe(200);
  const { sid } = JSON.parse(handshake.text.slice(1)) as { sid: string };
  const auth = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, token: await server.token(username) });
  expect(await http(server, "POST", pollingPath(sid), { body: `40${auth}` })).toMatchObject({
    status: 200,
    text: "ok",
  });
  const connected = await http(server, "GET", pollingPath(sid));
  expect(connected.text).toMatch(/^40\{"sid":"[\w-]+"(,"pid":"[\w-]+")?\}/);
  return sid;
}

/**
 * Polls until the server has let go of the session: each answer is either the
 * session's last packets (ending in Engine.IO's close packet) or "Session ID
 * unknown". Fails (by timing out) if the session stays open.
 */
export async function expectSessionEnded(server: TestServer, sid: string): Promise<void> {
  for (let poll = 0; poll < 3; poll++) {
    const answer = await http(server, "GET", pollingPath(sid));
    if (answer.status === 400) {
      expect(JSON.parse(answer.text)).toEqual({ code: 1, message: "Session ID unknown" });
      return;
    }
    expect(answer.status).toBe(200);
    expect(answer.text.split("\u001e")).toContain("1");
  }
  throw new Error(`session ${sid} is still open`);
}
