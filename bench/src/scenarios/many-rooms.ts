import { createParleyClient } from "@parley/client";
import { whenOnline } from "../load/clients.ts";
import type { RunningServer, ServerKind } from "../servers/launch.ts";
import type { BenchContext } from "./context.ts";
import { connectAll } from "./fan-out.ts";
import { climb, type Ladder } from "./ladder.ts";
import { sideBySide, type Prepare } from "./rig.ts";

export interface ManyRoomsResult {
  server: ServerKind;
  rooms: number;
  perRoom: number;
  ladder: Ladder;
}

/**
 * Scenario 2: many small rooms (1,000 receivers in 100 rooms of 10), on each
 * server side by side. Each room has a sender of its own (an eleventh
 * member, so no client hears more than one room), and the sends go
 * round-robin across the rooms.
 */
export async function manyRooms(
  bench: BenchContext,
  kinds: readonly ServerKind[],
  log: (line: string) => void,
): Promise<ManyRoomsResult[]> {
  const { plan } = bench;
  if (!plan.manyRooms) throw new Error("This plan has no many-rooms scenario");
  const { rooms: roomCount, perRoom, rates } = plan.manyRooms;
  const prepare: Prepare = async (server, { receivers, senders }) => {
    const rooms = await roomsOn(bench, server, roomCount, perRoom);
    const senderPeers = await bench.peers(server, roomCount, (r) => [rooms[r]!]);
    const receiverPeers = await bench.peers(
      server,
      roomCount * perRoom,
      (i) => [rooms[Math.floor(i / perRoom)]!],
      roomCount,
    );
    await connectAll(senders, server.kind, server.url, senderPeers, plan.connectConcurrency);
    await connectAll(receivers, server.kind, server.url, receiverPeers, plan.connectConcurrency);
    return { rooms, fanOut: perRoom };
  };
  log(`many rooms, ${roomCount} rooms of ${perRoom}, on ${kinds.join(", ")}`);
  return sideBySide(
    bench,
    kinds.map((kind) => ({ kind })),
    prepare,
    async (rigs) => {
      const ladders = await climb(rigs, rates, log);
      return rigs.map((rig, i) => ({ server: rig.server.kind, rooms: roomCount, perRoom, ladder: ladders[i]! }));
    },
  );
}

/** Parley's rooms are channels made through the SDK (once a run); the others take any name. */
const parleyRooms = new WeakMap<BenchContext, string[]>();

async function roomsOn(bench: BenchContext, server: RunningServer, count: number, perRoom: number): Promise<string[]> {
  if (server.kind !== "parley") return Array.from({ length: count }, (_, r) => `room-${r}`);
  const made = parleyRooms.get(bench);
  if (made) return made;
  // Accounts 0 … count-1 send, one to a room; the receivers follow, perRoom to a room.
  const grants = await bench.grants(server, count + count * perRoom);
  const rooms: string[] = [];
  for (let r = 0; r < count; r++) {
    const owner = createParleyClient({
      url: server.url,
      user: grants[r]!.user,
      token: grants[r]!.token,
      socketOptions: { transports: ["websocket"] },
    });
    try {
      owner.connect();
      await whenOnline(owner);
      const created = await owner.createChannel({ name: `bench-${r}`, visibility: "public" });
      if (!created.ok) throw new Error(`Could not create a room: ${created.error.message}`);
      const members = grants.slice(count + r * perRoom, count + (r + 1) * perRoom);
      const invited = await owner.invite(
        created.data.id,
        members.map((grant) => grant.user.username),
      );
      if (!invited.ok) throw new Error(`Could not invite to a room: ${invited.error.message}`);
      rooms.push(created.data.id);
    } finally {
      owner.close();
    }
  }
  parleyRooms.set(bench, rooms);
  return rooms;
}
