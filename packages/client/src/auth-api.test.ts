import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ErrorBody, Session, TokenGrant } from "@parley/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuthApi } from "./auth-api.js";

/**
 * A tiny HTTP server standing in for Parley's auth routes: it answers with
 * what each test puts in `answer` and records each request it got.
 */
interface Recorded {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let baseUrl: string;
let requests: Recorded[];
let answer: (request: Recorded, response: ServerResponse) => void;

const session: Session = {
  user: { id: "00000000-0000-4000-8000-00000000000a", username: "alice" },
  expiresAt: 1_900_000_000_000,
};
const credentials = { username: "alice", password: "correct horse battery staple" };

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

beforeEach(async () => {
  requests = [];
  answer = (_request, response) => json(response, 200, session);
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      answer(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("createAuthApi", () => {
  it("signs up with the credentials as JSON and returns the parsed session", async () => {
    answer = (_request, response) => json(response, 201, session);
    const result = await createAuthApi({ baseUrl: `${baseUrl}/` }).signUp(credentials);
    expect(result).toEqual({ ok: true, data: session });
    expect(requests).toEqual([
      expect.objectContaining({ method: "POST", url: "/api/accounts", body: JSON.stringify(credentials) }),
    ]);
    expect(requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("sends the browser's cookie on session calls, and a bearer token instead when given one", async () => {
    const seen: RequestInit[] = [];
    const api = createAuthApi({
      baseUrl,
      fetch: (input, init) => {
        if (init) seen.push(init);
        return fetch(input, init);
      },
    });
    await api.signIn(credentials);
    await api.getSession();
    await api.getSession({ token: "secret-token" });
    expect(seen.map((init) => init.credentials)).toEqual(["include", "include", "omit"]);
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      "POST /api/sessions",
      "GET /api/session",
      "GET /api/session",
    ]);
    expect(requests[1]?.headers.authorization).toBeUndefined();
    expect(requests[2]?.headers.authorization).toBe("Bearer secret-token");
  });

  it("returns a token grant for clients without cookies", async () => {
    const grant: TokenGrant = { ...session, token: "a-bearer-token" };
    answer = (_request, response) => json(response, 201, grant);
    expect(await createAuthApi({ baseUrl }).createToken(credentials)).toEqual({ ok: true, data: grant });
    expect(requests[0]?.url).toBe("/api/tokens");
  });

  it("signs out: an empty 204 is success", async () => {
    answer = (_request, response) => response.writeHead(204).end();
    expect(await createAuthApi({ baseUrl }).signOut({ token: "secret-token" })).toEqual({ ok: true, data: null });
    expect(requests[0]).toMatchObject({ method: "DELETE", url: "/api/session" });
  });

  it("returns the server's error body as the error", async () => {
    const refusal: ErrorBody = { error: { code: "invalid_credentials", message: "Wrong username or password" } };
    answer = (_request, response) => json(response, 401, refusal);
    expect(await createAuthApi({ baseUrl }).signIn(credentials)).toEqual({ ok: false, ...refusal });
  });

  it("says who is signed in, or that no one is", async () => {
    const api = createAuthApi({ baseUrl });
    expect(await api.getSession()).toEqual({ ok: true, data: session });
    answer = (_request, response) => json(response, 200, { user: null });
    expect(await api.getSession()).toEqual({ ok: false, error: { code: "unauthorized", message: "Not signed in" } });
    // As servers before { user: null } said it.
    answer = (_request, response) => json(response, 401, { error: { code: "unauthorized", message: "Not signed in" } });
    expect(await api.getSession()).toEqual({ ok: false, error: { code: "unauthorized", message: "Not signed in" } });
  });

  it("turns an answer that is not Parley's into an error by its status", async () => {
    const api = createAuthApi({ baseUrl });
    answer = (_request, response) =>
      response.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad Gateway</h1>");
    expect(await api.signIn(credentials)).toEqual({
      ok: false,
      error: { code: "unreachable", message: "The server answered with HTTP status 502" },
    });
    answer = (_request, response) => json(response, 429, { message: "slow down" });
    expect(await api.signIn(credentials)).toMatchObject({ ok: false, error: { code: "rate_limited" } });
  });

  it("does not trust a success body that does not match the protocol", async () => {
    answer = (_request, response) => json(response, 200, { user: { username: "<script>" } });
    expect(await createAuthApi({ baseUrl }).getSession()).toEqual({
      ok: false,
      error: { code: "internal", message: "The server's answer to GET /api/session was not understood" },
    });
  });

  it("resolves with unreachable when nothing listens, and never throws", async () => {
    // A port that was free a moment ago: connecting to it is refused.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", resolve));
    const { port } = gone.address() as AddressInfo;
    await new Promise((resolve) => gone.close(resolve));

    const result = await createAuthApi({ baseUrl: `http://127.0.0.1:${port}` }).signIn(credentials);
    expect(result).toEqual({ ok: false, error: { code: "unreachable", message: "The server could not be reached" } });
  });

  it("resolves with timeout when the server does not answer in time", async () => {
    answer = () => {}; // never answers
    const result = await createAuthApi({ baseUrl, timeoutMs: 100 }).getSession();
    expect(result).toEqual({
      ok: false,
      error: { code: "timeout", message: "No answer to GET /api/session within 100 ms" },
    });
  });
});
