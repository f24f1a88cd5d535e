import { PROTOCOL_VERSION } from "@parley/protocol";
import type { Socket } from "socket.io-client";
import WebSocket, { type RawData } from "ws";
import { expect } from "vitest";
import type { TestServer, TestSocket } from "../harness.js";

/** How a raw WebSocket ended. 1006 means no close frame came (the TCP connection just went). */
export interface Closed {
  code: number;
  reason: string;
}

interface Waiter {
  test(frame: string): boolean;
  resolve(frame: string): void;
}

/**
 * A hand-written Engine.IO v4 / Socket.IO v5 client over `ws`, which sends
 * exactly the frames it is given: what a hostile client puts on the wire,
 * with no client library in between to tidy it up.
 */
export class RawSocket {
  /** Every text frame from the server, in order, except the heartbeat. */
  readonly frames: string[] = [];
  /** Resolves when the WebSocket closes, however that happens. */
  readonly closed: Promise<Closed>;
  #closedWith: Closed | undefined;
  readonly #waiters = new Set<Waiter>();
  #nextAckId = 1000;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      const frame = rawText(data);
      // The server pings; a client that does not answer is dropped.
      if (frame === "2") return ws.send("3");
      this.frames.push(frame);
      for (const waiter of this.#waiters) {
        if (waiter.test(frame)) {
          this.#waiters.delete(waiter);
          waiter.resolve(frame);
        }
      }
    });
    this.closed = new Promise((resolve) => {
      ws.once("close", (code, reason) => {
        this.#closedWith = { code, reason: reason.toString() };
        resolve(this.#closedWith);
      });
    });
    // A reset connection also ends in "close" (1006); the error itself says nothing more.
    ws.on("error", () => {});
  }

  /** A WebSocket at the Engine.IO endpoint, once the server's open packet (`0{...}`) has come. */
  static async open(server: TestServer, headers: Record<string, string> = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${wsUrl(server)}/socket.io/?EIO=4&transport=websocket`, { headers });
    const socket = new RawSocket(ws);
    await socket.next((frame) => frame.startsWith("0{"), "the Engine.IO open packet");
    return socket;
  }

  get isClosed(): boolean {
    return this.#closedWith !== undefined;
  }

  send(frame: string | Buffer): void {
    this.ws.send(frame);
  }

  /**
   * The first frame from index `since` on that passes `test`, waiting for it if
   * need be. Rejects as soon as the connection closes without one.
   */
  next(test: (frame: string) => boolean, what: string, since = this.frames.length): Promise<string> {
    const seen = this.frames.slice(since).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    const waiting = new Promise<string>((resolve) => this.#waiters.add({ test, resolve }));
    const gaveUp = this.closed.then((closed) => {
      throw new Error(`closed (${closed.code} ${closed.reason}) before ${what} came`);
    });
    return Promise.race([waiting, gaveUp]);
  }

  /** Sends the namespace CONNECT packet; resolves with the server's answer, CONNECT (`40`) or CONNECT_ERROR (`44`). */
  connectNamespace(auth: Record<string, unknown>): Promise<string> {
    const since = this.frames.length;
    this.send(`40${JSON.stringify(auth)}`);
    return this.next((frame) => frame.startsWith("40") || frame.startsWith("44"), "the CONNECT answer", since);
  }

  /** An EVENT with a fresh ack id (`42<id>[event, ...args]`); resolves with the first argument of the ACK. */
  request(event: string, ...args: unknown[]): Promise<unknown> {
    return this.requestJson(JSON.stringify([event, ...args]));
  }

  /** The same, with the event's JSON array written by hand (for JSON no encoder would produce). */
  async requestJson(json: string): Promise<unknown> {
    const id = this.#nextAckId++;
    const since = this.frames.length;
    this.send(`42${id}${json}`);
    const ack = await this.next((frame) => frame.startsWith(`43${id}[`), `the ack of ${json.slice(0, 40)}`, since);
    return (JSON.parse(ack.slice(`43${id}`.length)) as unknown[])[0];
  }

  /**
   * A request whose answer proves the server has handled everything this
   * socket sent before it: Socket.IO hands a connection's packets to the
   * handlers in order, so anything earlier has been dispatched by then.
   */
  async barrier(): Promise<void> {
    expect(await this.request("presence:list", {})).toMatchObject({ ok: true });
  }

  close(): void {
    this.ws.close();
  }
}

/** A raw socket signed in as `username`, its namespace connected. */
export async function rawSignedIn(server: TestServer, username: string): Promise<RawSocket> {
  const socket = await RawSocket.open(server);
  const answer = await socket.connectNamespace({
    protocolVersion: PROTOCOL_VERSION,
    token: await server.token(username),
  });
  expect(answer).toMatch(/^40\{"sid":"[\w-]+"(,"pid":"[\w-]+")?\}$/);
  return socket;
}

export function wsUrl(server: TestServer): string {
  return server.url.replace(/^http/, "ws");
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data as ArrayBuffer).toString("utf8");
}

/** Does the WebSocket upgrade succeed (101), or which status does the server answer instead? */
export function upgradeStatus(server: TestServer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl(server)}/socket.io/?EIO=4&transport=websocket`, { headers });
    ws.once("upgrade", () => {
      ws.terminate();
      resolve(101);
    });
    ws.once("unexpected-response", (_request, response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    ws.on("error", (error) => reject(error));
  });
}

/** Emits anything, past the protocol's types, as a hostile client would; resolves with the ack. */
export function rawEmitWithAck(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return (socket as unknown as Socket).timeout(5000).emitWithAck(event, ...args) as Promise<unknown>;
}
