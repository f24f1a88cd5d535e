import { CurrentSession, SESSION_COOKIE } from "@parley/protocol";
import { describe, expect } from "vitest";
import { PASSWORD, it, openTestDatabase, startServer, scratchDir } from "./harness.js";

const alice = { username: "alice", password: PASSWORD };

/** The session cookie a response set, as a Cookie request header. */
function cookieFrom(headers: Headers): string {
  const setCookie = headers.getSetCookie().find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`));
  if (!setCookie) throw new Error("no session cookie was set");
  return setCookie.split(";")[0] ?? "";
}

describe("signing up", () => {
  it("creates the account and signs the browser in with an HTTP-only, SameSite cookie", async ({ server }) => {
    const response = await server.api("POST", "/api/accounts", alice);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      user: { id: expect.any(String), username: "alice" },
      expiresAt: expect.any(Number),
    });
    expect(JSON.stringify(response.body)).not.toContain(PASSWORD);

    const setCookie = response.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const me = await server.api("GET", "/api/session", undefined, { cookie: cookieFrom(response.headers) });
    expect(me).toMatchObject({ status: 200, body: { user: { username: "alice" } } });
  });

  it("refuses a name that is taken, in any letter case", async ({ server }) => {
    await server.api("POST", "/api/accounts", alice);
    const again = await server.api("POST", "/api/accounts", { username: "ALICE", password: "another password" });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "username_taken" } } });
  });

  it.for([
    ["a short password", { username: "alice", password: "short" }],
    ["a bad username", { username: "<b>alice</b>", password: PASSWORD }],
    ["an extra field", { ...alice, admin: true }],
    ["no password", { username: "alice" }],
    ["a password over 256 characters", { username: "alice", password: "x".repeat(257) }],
  ])("refuses %s with invalid_payload", async ([, body], { server }) => {
    const response = await server.api("POST", "/api/accounts", body);
    expect(response).toMatchObject({ status: 400, body: { error: { code: "invalid_payload" } } });
  });

  it("refuses a body that is not JSON, without leaking details", async ({ server }) => {
    const response = await fetch(`${server.url}/api/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    const body: unknown = await response.json();
    expect(body).toEqual({ error: { code: "invalid_payload", message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it("stores an argon2id hash, never the password", async () => {
    const dir = scratchDir();
    try {
      const own = await startServer(`${dir.path}/parley.db`);
      await own.api("POST", "/api/accounts", alice);
      await own.close();
      const db = await openTestDatabase(`${dir.path}/parley.db`);
      const row = await db.selectFrom("users").select("password_hash").executeTakeFirstOrThrow();
      await db.destroy();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.password_hash).not.toContain(PASSWORD);
    } finally {
      dir.cleanup();
    }
  });
});

describe("signing in", () => {
  it("gives a browser a cookie and any other client a bearer token", async ({ server }) => {
    await server.api("POST", "/api/accounts", alice);
    const browser = await server.api("POST", "/api/sessions", alice);
    expect(browser).toMatchObject({ status: 200, body: { user: { username: "alice" } } });
    expect(cookieFrom(browser.headers)).toMatch(new RegExp(`^${SESSION_COOKIE}=`));

    const bot = await server.api("POST", "/api/tokens", alice);
    expect(bot).toMatchObject({ status: 201, body: { token: expect.any(String), user: { username: "alice" } } });
    expect(bot.headers.getSetCookie()).toEqual([]);
    const { token } = bot.body as { token: string };
    const me = await server.api("GET", "/api/session", undefined, { authorization: `Bearer ${token}` });
    expect(me).toMatchObject({ status: 200, body: { user: { username: "alice" } } });
  });

  it("answers a wrong password and an unknown name alike", async ({ server }) => {
    await server.api("POST", "/api/accounts", alice);
    const wrongPassword = await server.api("POST", "/api/sessions", {
      username: "alice",
      password: "not the password",
    });
    const unknownName = await server.api("POST", "/api/sessions", { username: "nobody", password: PASSWORD });
    expect(wrongPassword).toMatchObject({ status: 401, body: { error: { code: "invalid_credentials" } } });
    expect(unknownName.body).toEqual(wrongPassword.body);
  });

  it("knows no one without a session, and says so without an error status", async ({ server }) => {
    const anonymous = await server.api("GET", "/api/session");
    expect(anonymous).toMatchObject({ status: 200, body: { user: null } });
    expect(CurrentSession.parse(anonymous.body)).toEqual({ user: null });
    expect(anonymous.headers.get("cache-control")).toBe("no-store");
    const forged = await server.api("GET", "/api/session", undefined, { authorization: "Bearer forged-token" });
    expect(forged).toMatchObject({ status: 200, body: { user: null } });
    const forgedCookie = await server.api("GET", "/api/session", undefined, { cookie: `${SESSION_COOKIE}=forged` });
    expect(forgedCookie).toMatchObject({ status: 200, body: { user: null } });
  });

  it("answers unknown API routes with JSON", async ({ server }) => {
    expect(await server.api("GET", "/api/nothing-here")).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
  });
});

describe("signing out", () => {
  it("ends the session and its sockets at once, and nothing else", async ({ server }) => {
    const phone = await server.token("alice");
    const laptop = await server.token("alice");
    const onPhone = await server.connect("alice", { token: phone });
    const onLaptop = await server.connect("alice", { token: laptop });
    const phoneClosed = new Promise<string>((resolve) => onPhone.once("disconnect", resolve));

    const out = await server.api("DELETE", "/api/session", undefined, { authorization: `Bearer ${phone}` });
    expect(out.status).toBe(204);
    expect(await phoneClosed).toBe("io server disconnect");
    expect(await server.api("GET", "/api/session", undefined, { authorization: `Bearer ${phone}` })).toMatchObject({
      status: 200,
      body: { user: null },
    });

    // The laptop's session is untouched.
    expect(await onLaptop.emitWithAck("presence:list", {})).toEqual({ ok: true, data: { users: ["alice"], away: [] } });
  });

  it("clears the browser's cookie", async ({ server }) => {
    const signedUp = await server.api("POST", "/api/accounts", alice);
    const cookie = cookieFrom(signedUp.headers);
    const out = await server.api("DELETE", "/api/session", undefined, { cookie });
    expect(out.headers.getSetCookie().join()).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`));
    expect((await server.api("GET", "/api/session", undefined, { cookie })).body).toEqual({ user: null });
  });
});
