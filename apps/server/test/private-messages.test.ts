import { expect } from "vitest";
import { joinGeneral, nextEvents, it } from "./harness.js";

it("reaches only its recipient's tabs and the sender's other tabs", async ({ server }) => {
  const aliceTab1 = await joinGeneral(server, "alice");
  const aliceTab2 = await joinGeneral(server, "alice");
  const bobTab1 = await joinGeneral(server, "bob");
  const bobTab2 = await joinGeneral(server, "bob");
  const carol = await joinGeneral(server, "carol");
  const carolSaw: unknown[] = [];
  carol.on("private:created", (message) => carolSaw.push(message));

  const deliveries = [bobTab1, bobTab2, aliceTab2].map((socket) => nextEvents(socket, "private:created"));
  const ack = await aliceTab1.emitWithAck("private:send", { to: "Bob", text: "just between us" });

  expect(ack.ok).toBe(true);
  if (!ack.ok) return;
  expect(ack.data).toMatchObject({ from: "alice", to: "bob", text: "just between us" });
  for (const delivery of await Promise.all(deliveries)) expect(delivery).toEqual([ack.data]);

  // Carol's own request is answered after anything sent to her before it.
  await carol.emitWithAck("presence:list", {});
  expect(carolSaw).toEqual([]);
});

it("refuses a private message to someone who is not online", async ({ server }) => {
  const alice = await joinGeneral(server, "alice");
  const ack = await alice.emitWithAck("private:send", { to: "nobody", text: "hello?" });
  expect(ack.ok || ack.error.code).toBe("recipient_offline");
});
