import { err, requests, type RequestName, type RequestResult, type Result } from "@parley/protocol";
import { z } from "zod";
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
 * legitimate in Socket.IO); its errors then go to the log only.
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
  // An event no handler knows is ignored, as Socket.IO ignores events without listeners.
  function dispatch(this: ParleySocket, event: string, ...args: unknown[]): void {
    listeners.get(event)?.(this, args);
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

  // The typed listener signature describes well-behaved clients; this one has
  // to accept whatever arrives.
  return function serve(socket: ParleySocket, args: unknown[]): void {
    const log = () => ctx.logger.child({ event, socket: socket.id, user: socket.data.user.username });
    const ack = typeof args.at(-1) === "function" ? (args.pop() as (result: Result<unknown>) => void) : undefined;
    const reply = (result: Result<unknown>) => {
      if (!result.ok && ctx.logger.isLevelEnabled("debug")) log().debug({ code: result.error.code }, "request refused");
      ack?.(result);
    };

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
      (async () => {
        const gate = await admit(ctx, socket);
        if (!gate) return reply(await handler(ctx, socket, parsed.data));
        reply(gate.refusal);
        // After the refusal, so the client learns why it was cut off.
        if (gate.cutOff) socket.disconnect(true);
      })(),
    );
    work.catch((error: unknown) => {
      log().error({ err: error }, "request failed");
      reply(err("internal", "The server could not complete this request"));
    });
  };
}

/** Refused requests in one window before a client counts as flooding and is cut off. */
const FLOOD_TOLERANCE = 20;

/** May this socket make a request now? Null to go ahead, or a refusal and whether to cut the socket off. */
async function admit(
  ctx: RealtimeContext,
  socket: ParleySocket,
): Promise<{ refusal: Result<never>; cutOff: boolean } | null> {
  if (Date.now() >= socket.data.expiresAt) {
    return { refusal: err("unauthorized", "Your session has expired; sign in again"), cutOff: true };
  }
  const over = await ctx.limits.requestsPerUser.spend(socket.data.user.id);
  if (over === 0) return null;
  // Refused requests still count, so whoever keeps flooding is cut off.
  return { refusal: err("rate_limited", "Slow down: too many requests"), cutOff: over > FLOOD_TOLERANCE };
}
