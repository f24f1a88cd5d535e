import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { MAX_PACKET_BYTES } from "../../src/app.js";
import { itWithPeople } from "../harness.js";
import { expectUnharmed, prototypeSnapshot, wentOffline } from "./expectations.js";
import { expectSessionEnded, http, pollingPath, pollingSignedIn } from "./http-client.js";

const it = itWithPeople("alice", "bob");

const baseline = prototypeSnapshot();

/** Bodies that are not a valid Engine.IO payload, or carry a Socket.IO packet that is not valid. */
const garbage: [string, string][] = [
  ["control bytes and braces", "\u0000\u00ffgarbage{{{"],
  ["an empty body", ""],
  ["only packet separators", "\u001e\u001e"],
  ["an unknown Engine.IO packet type", "7"],
  ["a heartbeat ping from the client", "2"],
  ["an unknown Socket.IO packet type", "4x"],
  ["invalid JSON in an event", "42["],
  ["an event that is not an array", '42{"0":"message:send"}'],
  ["a million announced attachments", '451000000-["message:send",{"_placeholder":true,"num":0}]'],
  ["a packet followed by garbage in the same body", '42["message:send",{"roomId":"general"}]\u001e\u0000junk'],
];

describe("a garbage POST to a signed-in polling session", () => {
  it.for(garbage)("%s: ends that session only", async ([, body], { server, people }) => {
    const sid = await pollingSignedIn(server, "mallory");
    const gone = wentOffline(people.alice, "mallory");
    const answer = await http(server, "POST", pollingPath(sid), { body });
    expect(answer.status).toBeLessThan(500);
    await expectSessionEnded(server, sid);
    await gone;
    await expectUnharmed(people, baseline);
  });

  it("a binary body (which Engine.IO 4 does not take over polling) is refused with 400", async ({ server, people }) => {
    const sid = await pollingSignedIn(server, "mallory");
    const gone = wentOffline(people.alice, "mallory");
    const answer = await http(server, "POST", pollingPath(sid), {
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    });
    expect(answer.status).toBe(400);
    await expectSessionEnded(server, sid);
    await gone;
    await expectUnharmed(people, baseline);
  });

  it(`a body over ${MAX_PACKET_BYTES} bytes is refused with 413 and never delivered`, async ({ server, people }) => {
    const sid = await pollingSignedIn(server, "mallory");
    const text = "x".repeat(MAX_PACKET_BYTES);
    const body = `42${JSON.stringify(["message:send", { clientId: randomUUID(), roomId: "general", text }])}`;
    const answer = await http(server, "POST", pollingPath(sid), { body });
    expect(answer.status).toBe(413);
    await expectUnharmed(people, baseline);
  });
});

describe("a POST without a valid session id", () => {
  const sids: [string, string | undefined][] = [
    ["no sid at all", undefined],
    ["an unknown sid", "AAAAAAAAAAAAAAAAAAAA"],
    ["a sid with path and query characters", "../../x?sid=1&EIO=3"],
    ["a sid of 4,000 characters", "A".repeat(4000)],
  ];

  it.for(sids)("%s: 400 with Engine.IO's error body", async ([, sid], { server, people }) => {
    const answer = await http(server, "POST", pollingPath(sid), { body: '42["message:send",{"roomId":"general"}]' });
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.text)).toEqual({
      code: expect.any(Number),
      message: expect.stringMatching(/^(Session ID unknown|Bad handshake method)$/),
    });
    await expectUnharmed(people, baseline);
  });

  it("a garbage query string is refused, never a server error", async ({ server, people }) => {
    for (const query of ["?EIO=999&transport=polling", "?EIO=4&transport=carrier-pigeon", "?EIO=4", "?%%%=&&&"]) {
      const answer = await http(server, "POST", `/socket.io/${query}`, { body: "garbage" });
      expect(answer.status, query).toBe(400);
    }
    await expectUnharmed(people, baseline);
  });
});
