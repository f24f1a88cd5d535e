import { expect } from "vitest";
import { refusal, it } from "./harness.js";

it("refuses a username someone else holds, in any letter case", async ({ server }) => {
  await server.connect("alice", { deviceKey: "alice-device-key-0001" });
  expect(await refusal(server, "ALICE", { deviceKey: "mallory-device-key-01" })).toEqual({
    code: "username_taken",
    message: expect.stringContaining("ALICE"),
  });
});

it("lets the same person open another tab under their name", async ({ server }) => {
  await server.connect("alice", { deviceKey: "alice-device-key-0001" });
  const tab2 = await server.connect("alice", { deviceKey: "alice-device-key-0001" });
  expect(tab2.connected).toBe(true);
});

it("frees a username when its holder's last tab closes", async ({ server }) => {
  const alice = await server.connect("alice", { deviceKey: "alice-device-key-0001" });
  alice.disconnect();
  await expect
    .poll(() =>
      server.connect("alice", { deviceKey: "another-device-key-01" }).then(
        () => true,
        () => false,
      ),
    )
    .toBe(true);
});

it("refuses an invalid username with a clear reason", async ({ server }) => {
  const reason = await refusal(server, "<script>");
  expect(reason.code).toBe("invalid_handshake");
  expect(reason.message).toMatch(/username/i);
});

it("refuses a handshake without credentials", async ({ server }) => {
  expect((await refusal(server, "alice", { auth: { deviceKey: undefined } })).code).toBe("invalid_handshake");
});

it("refuses another protocol version", async ({ server }) => {
  expect((await refusal(server, "alice", { auth: { protocolVersion: 999 } })).code).toBe("unsupported_version");
});
