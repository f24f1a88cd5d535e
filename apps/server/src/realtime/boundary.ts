import { err, requests, type RequestName, type RequestResult, type Result } from "@parley/protocol";
import { z } from "zod";
import type { ParleySocket, RealtimeContext } from "./context.js";

type ParsedPayload<E extends RequestName> = z.output<(typeof requests)[E]["payload"]>;

export type RequestHandler<E extends RequestName> = (payload: ParsedPayload<E>) => Promise<Result<RequestResult<E>>>;

/**
 * The one door every inbound event comes through. The payload is parsed with
 * the protocol's schema before the handler sees it; whatever goes wrong
 * becomes an error ack, never an exception that escapes.
 *
 * A request without an ack callback is still carried out (fire-and-forget is
 * legitimate in Socket.IO); its errors then go to the log only.
 */
export function handle<E extends RequestName>(
  ctx: RealtimeContext,
  socket: ParleySocket,
  event: E,
  handler: RequestHandler<E>,
): void {
  // TypeScript cannot narrow a generic index into the requests table.
  const schema = requests[event].payload as unknown as z.ZodType<ParsedPayload<E>>;
  const log = ctx.logger.child({ event, socket: socket.id, user: socket.data.user.username });

  // The typed listener signature describes well-behaved clients; this one has
  // to accept whatever arrives.
  const listener = (...args: unknown[]) => {
    const ack = typeof args.at(-1) === "function" ? (args.pop() as (result: Result<unknown>) => void) : undefined;
    const reply = (result: Result<unknown>) => {
      if (!result.ok) log.debug({ code: result.error.code }, "request refused");
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
        if (!gate) return reply(await handler(parsed.data));
        reply(gate.refusal);
        // After the refusal, so the client learns why it was cut off.
        if (gate.cutOff) socket.disconnect(true);
      })(),
    );
    work.catch((error: unknown) => {
      log.error({ err: error }, "request failed");
      reply(err("internal", "The server could not complete this request"));
    });
  };
  socket.on(event, listener as never);
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
