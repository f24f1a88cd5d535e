import {
  CurrentSession,
  ErrorBody,
  Session,
  TokenGrant,
  authRoutes,
  err,
  ok,
  type Credentials,
  type ErrorCode,
  type Result,
} from "@parley/protocol";

/** What this file needs of a protocol schema. */
interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

export interface AuthApiOptions {
  /** The server's address, e.g. `https://chat.example.com`; in a browser, leave it out to use the page's origin. */
  baseUrl?: string;
  /** Another fetch, e.g. one with a proxy agent or a test double. */
  fetch?: typeof globalThis.fetch;
  /** How long a call waits for the server before resolving with `timeout`. */
  timeoutMs?: number;
}

/** With a bearer token from `createToken` instead of the browser's session cookie. */
export interface TokenOption {
  token?: string;
}

/**
 * Parley's sign-in routes over HTTP. Every call resolves with a Result, the
 * same shape as a realtime request's ack, and never throws: the server's
 * refusals carry its code, a network failure is `unreachable`.
 */
export interface AuthApi {
  /** Creates an account and signs this browser in (the session cookie). */
  signUp(credentials: Credentials): Promise<Result<Session>>;
  /** Signs this browser in (the session cookie). */
  signIn(credentials: Credentials): Promise<Result<Session>>;
  /** Signs any other client in: a bearer token for `createParleyClient({ token })`. */
  createToken(credentials: Credentials): Promise<Result<TokenGrant>>;
  /** Who is signed in; `unauthorized` when no one is (the server answers that with 200, not as an error). */
  getSession(options?: TokenOption): Promise<Result<Session>>;
  /** Ends the session; the server closes its sockets at once. */
  signOut(options?: TokenOption): Promise<Result<null>>;
}

const NO_CONTENT = 204;

export function createAuthApi({ baseUrl = "", fetch: fetchOption, timeoutMs = 10_000 }: AuthApiOptions = {}): AuthApi {
  const origin = baseUrl.replace(/\/+$/, "");
  // Called as a plain function: a browser's fetch refuses to run as another object's method.
  const send = fetchOption ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));

  async function call<T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    answer: Schema<T> | null,
    { body, token }: { body?: Credentials; token?: string | undefined } = {},
  ): Promise<Result<T>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await send(`${origin}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // The session cookie goes along unless a token stands in for it.
        credentials: token === undefined ? "include" : "omit",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return failedToSend(method, path, error, timeoutMs);
    }
    const json = await bodyOf(response);
    if (!response.ok) return refusal(response.status, json);
    if (answer === null) return ok(null as T);
    const parsed = answer.safeParse(json);
    return parsed.success
      ? ok(parsed.data)
      : err("internal", `The server's answer to ${method} ${path} was not understood`);
  }

  return {
    signUp: (credentials) => call("POST", authRoutes.accounts, Session, { body: credentials }),
    signIn: (credentials) => call("POST", authRoutes.sessions, Session, { body: credentials }),
    createToken: (credentials) => call("POST", authRoutes.tokens, TokenGrant, { body: credentials }),
    getSession: async ({ token } = {}) => {
      const answer = await call("GET", authRoutes.session, CurrentSession, { token });
      if (!answer.ok) return answer;
      // "No one" is a 200 now; servers before it answered 401, which comes out the same.
      return answer.data.user === null ? err("unauthorized", "Not signed in") : ok(answer.data);
    },
    signOut: ({ token } = {}) => call("DELETE", authRoutes.session, null, { token }),
  };
}

/** The parsed JSON body, or undefined for none or another format. */
async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === NO_CONTENT) return undefined;
  try {
    return await response.json();
  } catch {
    // An empty body, or an HTML error page from a proxy in front of the server.
    return undefined;
  }
}

function refusal(status: number, json: unknown): Result<never> {
  const parsed = ErrorBody.safeParse(json);
  if (parsed.success) return { ok: false, error: parsed.data.error };
  // Not Parley's answer: a proxy or gateway in between. Its status says enough.
  return err(codeForStatus(status), `The server answered with HTTP status ${status}`);
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "unauthorized";
  if (status === 429) return "rate_limited";
  // A gateway that could not reach the server behind it.
  if (status === 502 || status === 503 || status === 504) return "unreachable";
  return "internal";
}

function failedToSend(method: string, path: string, error: unknown, timeoutMs: number): Result<never> {
  if (error instanceof Error && error.name === "TimeoutError") {
    return err("timeout", `No answer to ${method} ${path} within ${timeoutMs} ms`);
  }
  return err("unreachable", "The server could not be reached");
}
