import { err, rateLimited, requests, type RequestName, type RequestResult, type Result } from "@parley/protocol";
import { z } from "zod";
import type { RealtimeBudget } from "../limits/rate-limits.js";
import { budgetOf } from "../limits/request-budgets.js";
import { StoreUnavailable } from "../store/store.js";
import type { ParleySocket, RealtimeContext } from "./context.js";

type ParsedPayload<E extends RequestName> = z.output<(typeof requests)[E]["payload"]>;

/**
 * What a request does, given who asks (a signed-in socket) and what they ask
 * (the payload, already parsed with the protocol's schema).
 */
export type RequestHandler<E extends RequestName> = (
  ctx: RealtimeContext,
  socket: ParleySocket,
  payload: ParsedPayload<E>,
) => Promise<Result<RequestResult<E>>>;

/** A domain's requests: each file under realtime/ exports one such table. */
export type RequestHandlers = { [E in RequestName]?: RequestHandler<E> };

/**
 * The one door every inbound event comes through. The payload is parsed with
 * the protocol's schema before the handler sees it; whatever goes wrong
 * becomes an error ack, never an exception that escapes.
 *
 * A request without an ack callback is still carried out (fire-and-forget is
 * legitimate in Socket.IO); its errors then go to the log only. An event the
 * server does not know is answered with `invalid_payload` when it carries an
 * ack, so that every request gets an answer.
 *
 * The listeners are made once, for every socket, and a socket gets one
 * catch-all listener that picks the event's: Socket.IO, like any Node
 * EventEmitter, calls a listener with the socket as `this`. A closure per
 * event per socket, and a listener table per socket, would cost each idle
 * connection kilobytes.
 *
 * Returns what attaches them to a new socket.
 */
export function boundary(ctx: RealtimeContext, handlers: RequestHandlers): (socket: ParleySocket) => void {
  // Object.entries forgets that the keys are event names.
  const entries = Object.entries(handlers) as [RequestName, RequestHandler<RequestName>][];
  const listeners = new Map(entries.map(([event, handler]) => [event as string, listenerFor(ctx, event, handler)]));
  function dispatch(this: ParleySocket, event: string, ...args: unknown[]): void {
    const listener = listeners.get(event);
    if (listener) listener(this, args);
    else answerUnknown(ctx, this, event, args);
  }
  return (socket) => {
    // onAny would push into an empty array, which V8 grows to 17 slots: some
    // 130 bytes per idle connection for one listener. Socket.IO keeps the
    // catch-all listeners in `_anyListeners`, so the socket gets an array of
    // exactly one; should a Socket.IO keep them elsewhere, listenersAny() says
    // so and onAny does the job.
    (socket as unknown as { _anyListeners?: unknown[] })._anyListeners = [dispatch];
    if (socket.listenersAny()[0] !== dispatch) socket.onAny(dispatch);
  };
}

function listenerFor<E extends RequestName>(ctx: RealtimeContext, event: E, handler: RequestHandler<E>) {
  // TypeScript cannot narrow a generic index into the requests table.
  const schema = requests[event].payload as unknown as z.ZodType<ParsedPayload<E>>;
  const budget = budgetOf(event);

  // The typed listener signature describes well-behaved clients; this one has
  // to accept whatever arrives.
  return function serve(socket: ParleySocket, args: unknown[]): void {
    const log = () => ctx.logger.child({ event, socket: socket.id, user: socket.data.user.username });
    const reply = replier(ctx, socket, event, args);

    // Shutting down: new work is refused, so what is in flight can finish.
    if (ctx.lifecycle.closing) {
      reply(err("unavailable", "The server is shutting down; try again once it is back"));
      return;
    }
    if (args.length !== 1) {
      reply(err("invalid_payload", `${event} takes exactly one payload and an ack callback`));
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      reply(err("invalid_payload", z.prettifyError(parsed.error)));
      return;
    }
    const work = ctx.lifecycle.track(
      admitted(ctx, socket, budget, reply, async () => reply(await handler(ctx, socket, parsed.data))),
    );
    work.catch((error: unknown) => {
      if (error instanceof StoreUnavailable) {
        log().warn({ err: error }, "request failed: the database is unavailable");
        reply(err("unavailable", "The database is unavailable just now; try again shortly"));
        return;
      }
      log().error({ err: error }, "request failed");
      reply(err("internal", "The server could not complete this request"));
    });
  };
}

/** Takes the ack callback off the arguments; `reply` answers through it (and logs refusals at debug). */
function replier(ctx: RealtimeContext, socket: ParleySocket, event: string, args: unknown[]) {
  const ack = typeof args.at(-1) === "function" ? (args.pop() as (result: Result<unknown>) => void) : undefined;
  const reply = (result: Result<unknown>) => {
    if (!result.ok && ctx.logger.isLevelEnabled("debug")) {
      const log = ctx.logger.child({ event, socket: socket.id, user: socket.data.user.username });
      log.debug({ code: result.error.code }, "request refused");
    }
    ack?.(result);
  };
  return reply;
}

/**
 * An event no handler knows: a client bug or a client for another server. It
 * costs a point of the general budget like any request, so a flood of made-up
 * names is slowed and cut off like any other flood.
 */
function answerUnknown(ctx: RealtimeContext, socket: ParleySocket, named: unknown, args: unknown[]): void {
  // A frame without a payload ("42") has no name at all, and the ack of one
  // with an id ("4213") takes its place: there is nothing to answer.
  if (typeof named !== "string" && typeof named !== "number") return;
  // Socket.IO's parser lets a number through as an event name.
  const event = String(named);
  const reply = replier(ctx, socket, event, args);
  if (ctx.lifecycle.closing) {
    reply(err("unavailable", "The server is shutting down; try again once it is back"));
    return;
  }
  const name = JSON.stringify(event.length > 64 ? `${event.slice(0, 64)}…` : event);
  const unknown = err("invalid_payload", `The server knows no event ${name}; see the protocol's requests`);
  const work = ctx.lifecycle.track(
    admitted(ctx, socket, budgetOf(event), reply, () => Promise.resolve(reply(unknown))),
  );
  work.catch((error: unknown) => {
    ctx.logger.error({ err: error, socket: socket.id }, "unknown event failed");
  });
}

/** Runs `serve` if the socket may make a request from `budget` now; else refuses, and cuts a flooder off. */
async function admitted(
  ctx: RealtimeContext,
  socket: ParleySocket,
  budget: RealtimeBudget,
  reply: (result: Result<unknown>) => void,
  serve: () => Promise<void>,
): Promise<void> {
  const gate = await admit(ctx, socket, budget);
  if (!gate) return serve();
  reply(gate.refusal);
  if (!gate.cutOff) return;
  ctx.logger.info({ socket: socket.id, user: socket.data.user.username, budget }, "cut off a client that kept going");
  // After the refusal, so the client learns why it was cut off.
  socket.disconnect(true);
}

/**
 * Refusals in one window of a budget before a client counts as flooding and
 * is cut off. A client that waits the `retryAfterMs` it is told (the SDK does)
 * is refused about once per window and request kind, far below this.
 */
const FLOOD_TOLERANCE = 20;

/** May this socket make a request from `budget` now? Null to go ahead, or a refusal and whether to cut the socket off. */
async function admit(
  ctx: RealtimeContext,
  socket: ParleySocket,
  budget: RealtimeBudget,
): Promise<{ refusal: Result<never>; cutOff: boolean } | null> {
  if (Date.now() >= socket.data.expiresAt) {
    return { refusal: err("unauthorized", "Your session has expired; sign in again"), cutOff: true };
  }
  const { over, retryAfterMs } = await ctx.limits[budget].spend(socket.data.user.id);
  if (over === 0) return null;
  // Refused requests still count, so whoever keeps going while told to wait is cut off.
  return { refusal: rateLimited("Slow down: too many requests", retryAfterMs), cutOff: over > FLOOD_TOLERANCE };
}
