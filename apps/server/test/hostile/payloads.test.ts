import { randomUUID } from "node:crypto";
import { MESSAGE_MAX_LENGTH, requests, type RequestName } from "@parley/protocol";
import { describe, expect } from "vitest";
import { itWithPeople, joinGeneral, nextMessages, type TestSocket } from "../harness.js";
import {
  expectCleanPrototypes,
  expectResult,
  expectUnharmed,
  invalidPayload,
  prototypeSnapshot,
  stillServing,
} from "./expectations.js";
import { rawEmitWithAck, rawSignedIn } from "./support.js";
import { optionalFields, wellFormed } from "../well-formed-payloads.js";

/** Mallory sends the hostile payloads; alice and bob show everyone else is still served. */
const it = itWithPeople("mallory", "alice", "bob");
type People = Record<"mallory" | "alice" | "bob", TestSocket>;

/** The built-in prototypes before any hostile payload; the server runs in this process. */
const baseline = prototypeSnapshot();

const events = Object.keys(requests) as RequestName[];

const valid = wellFormed;
const optional = optionalFields;

/** Every payload is refused with invalid_payload; then nothing leaked, and everyone is still served. */
async function expectAllRefused(people: People, event: RequestName, payloads: [string, unknown][]): Promise<void> {
  for (const [what, payload] of payloads) {
    expect(await rawEmitWithAck(people.mallory, event, payload), `${event}: ${what}`).toEqual(invalidPayload);
  }
  await expectUnharmed(people, baseline);
}

/** Computed keys make own properties, so that JSON carries `__proto__` to the server. */
function withKey(payload: object, key: string, value: unknown): Record<string, unknown> {
  return { ...payload, [key]: value };
}

describe("prototype keys", () => {
  const pollution = { polluted: true, isAdmin: true };

  it.for(events)(
    "%s: __proto__, constructor and prototype keys are refused and pollute nothing",
    async (event, { people }) => {
      const payload = valid[event];
      const payloads: [string, unknown][] = [
        ["a __proto__ key", withKey(payload, "__proto__", pollution)],
        ["a constructor.prototype key", withKey(payload, "constructor", { prototype: pollution })],
        ["a prototype key", withKey(payload, "prototype", pollution)],
        ["the fields only under __proto__", withKey({}, "__proto__", payload)],
        ["the fields under constructor.prototype", withKey({}, "constructor", { prototype: payload })],
        ...Object.keys(payload).flatMap((field): [string, unknown][] => [
          [`${field} holding a __proto__ key`, withKey(payload, field, withKey({}, "__proto__", pollution))],
          [
            `${field} holding constructor.prototype`,
            withKey(payload, field, { constructor: { prototype: pollution } }),
          ],
        ]),
      ];
      // The keys really go over the wire.
      expect(JSON.stringify(payloads[0]?.[1])).toContain('"__proto__":{"polluted":true');
      await expectAllRefused(people, event, payloads);
    },
  );
});

describe("wrong types, missing and extra fields", () => {
  const wrongValues: [string, unknown][] = [
    ["a number", 12345],
    ["a boolean", true],
    ["null", null],
    ["NaN (null on the wire)", Number.NaN],
    ["an empty array", []],
    ["an array of the right string", ["general"]],
    ["an empty object", {}],
    ["an object with toString", { toString: "general" }],
    ["binary data", Buffer.from("general")],
  ];

  /** Strings of the right type that each field's rules refuse. */
  const wrongStrings: Record<string, string[]> = {
    roomId: [
      "",
      "General",
      " general",
      "general ",
      "general\n",
      "general\u0000",
      "../general",
      "-general",
      "g".repeat(65),
      "généràl",
      // Chat room ids never contain ':', which keeps the server's internal rooms out of reach.
      "user:alice",
      "user:mallory",
      "session:0000",
    ],
    to: ["", "alice\n", " alice", "alice\u0000", "\u0430lice", "<b>alice</b>", "alice'--", "a".repeat(33)],
    text: [],
  };

  it.for(events)("%s: every field of the wrong type, missing or mis-spelt is refused", async (event, { people }) => {
    const payload = valid[event];
    const payloads: [string, unknown][] = [
      ["undefined (null on the wire)", undefined],
      ...wrongValues.filter(([, value]) => typeof value !== "object" || value === null),
      ["an array holding the payload", [payload]],
      ["a string", JSON.stringify(payload)],
      ...Object.keys(payload).flatMap((field): [string, unknown][] => [
        ...(optional.has(`${event}.${field}`)
          ? []
          : [
              [`${field} missing`, Object.fromEntries(Object.entries(payload).filter(([key]) => key !== field))] as [
                string,
                unknown,
              ],
            ]),
        [
          `${field} in upper case`,
          withKey(
            Object.fromEntries(Object.entries(payload).filter(([key]) => key !== field)),
            field.toUpperCase(),
            payload[field],
          ),
        ],
        ...wrongValues
          // A list of usernames may well hold one named "general".
          .filter(([what]) => !(field === "usernames" && what === "an array of the right string"))
          // A value of the field's own type is no wrong type.
          .filter(([, value]) => typeof value !== typeof payload[field] || typeof value === "object")
          .map(([what, value]): [string, unknown] => [`${field} as ${what}`, withKey(payload, field, value)]),
        ...(wrongStrings[field] ?? []).map((value): [string, unknown] => [
          `${field} ${JSON.stringify(value)}`,
          withKey(payload, field, value),
        ]),
      ]),
    ];
    await expectAllRefused(people, event, payloads);
  });

  it.for(events)(
    "%s: extra fields, including ones that would claim another identity, are refused",
    async (event, { people }) => {
      const payload = valid[event];
      const extras: Record<string, unknown> = {
        author: "alice",
        from: "alice",
        user: "alice",
        kind: "system",
        id: "00000000-0000-4000-8000-000000000000",
        seq: 1,
        createdAt: 0,
        isAdmin: true,
      };
      const payloads = Object.entries(extras)
        .filter(([key]) => !(key in payload))
        .map(([key, value]): [string, unknown] => [`an extra ${key}`, withKey(payload, key, value)]);
      payloads.push([
        "3,000 extra keys",
        { ...payload, ...Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])) },
      ]);
      await expectAllRefused(people, event, payloads);
    },
  );

  it.for(events)("%s: 1,000 arguments before the ack are refused", async (event, { people }) => {
    // Small extra arguments: the point is their number, not a frame over the size limit.
    const args = [valid[event], ...Array.from({ length: 999 }, () => 0)];
    expect(await rawEmitWithAck(people.mallory, event, ...args)).toEqual(invalidPayload);
    await stillServing(people.alice, people.bob);
  });
});

describe("deep nesting", () => {
  // socket.io-client's encoder recurses through a payload and overflows its
  // own stack first, so these go out as hand-written JSON on a raw socket.
  const nested = (depth: number, open: string, close: string) => open.repeat(depth) + '"general"' + close.repeat(depth);
  const deep: [string, string][] = [
    ["10,000 levels of arrays", nested(10_000, "[", "]")],
    ["10,000 levels of objects", nested(10_000, '{"a":', "}")],
    ["30,000 levels of arrays (near the packet limit)", nested(30_000, "[", "]")],
  ];

  it.for(events)("%s: deeply nested payloads and fields are refused", async (event, { server, people }) => {
    const mallory = await rawSignedIn(server, "mallory");
    const payload = valid[event];
    const fields = (value: string) =>
      Object.keys(payload).map((field) =>
        JSON.stringify({ ...payload, [field]: 0 }).replace(`"${field}":0`, `"${field}":${value}`),
      );
    for (const [what, value] of deep) {
      const payloads = [
        value,
        JSON.stringify({ ...payload, extra: 0 }).replace('"extra":0', `"extra":${value}`),
        ...fields(value),
      ];
      for (const json of payloads) {
        expect(await mallory.requestJson(`[${JSON.stringify(event)},${json}]`), `${event}: ${what}`).toEqual(
          invalidPayload,
        );
      }
    }
    mallory.close();
    await expectUnharmed(people, baseline);
  });
});

describe("message text", () => {
  const blank = [
    "",
    " ",
    "   ",
    "\t",
    "\n",
    "\r\n",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\ufeff",
    "\u2028\u2029",
    " \t\n\u00a0",
  ];
  /** Over MESSAGE_MAX_LENGTH UTF-16 units (the protocol's measure), but not over that many code points. */
  const astralOverLimit: [string, string][] = [
    ["emoji at the limit plus one character", "😀".repeat(MESSAGE_MAX_LENGTH / 2) + "x"],
    ["one character before emoji at the limit", "x" + "😀".repeat(MESSAGE_MAX_LENGTH / 2)],
    ["one emoji over", "😀".repeat(MESSAGE_MAX_LENGTH / 2 + 1)],
    ["twice the limit, in emoji", "😀".repeat(MESSAGE_MAX_LENGTH)],
  ];
  it.for(["message:send", "message:edit"] as const)(
    "%s: empty and whitespace-only text is refused",
    async (event, { people }) => {
      const payloads = blank.map((text): [string, unknown] => [JSON.stringify(text), { ...valid[event], text }]);
      await expectAllRefused(people, event, payloads);
    },
  );

  it.for(["message:send", "message:edit"] as const)(
    `%s: text over ${MESSAGE_MAX_LENGTH} UTF-16 units is refused, not cut`,
    async (event, { people }) => {
      const { mallory } = people;
      const ascii = { ...valid[event], text: "x".repeat(MESSAGE_MAX_LENGTH + 1) };
      expect(await rawEmitWithAck(mallory, event, ascii)).toEqual(invalidPayload);
      expect(
        await rawEmitWithAck(mallory, event, { ...valid[event], text: "😀".repeat(MESSAGE_MAX_LENGTH + 1) }),
      ).toEqual(invalidPayload);

      const answers: [string, string, unknown][] = [];
      for (const [what, text] of astralOverLimit) {
        answers.push([what, text, await rawEmitWithAck(mallory, event, { ...valid[event], text })]);
      }
      // Whatever is accepted is kept whole, never cut at the limit.
      for (const [what, text, ack] of answers) {
        expectResult(ack);
        if (ack.ok) expect((ack.data as { text: string }).text === text, what).toBe(true);
      }
      // MESSAGE_MAX_LENGTH counts UTF-16 units, as documented.
      for (const [what, , ack] of answers) expect(ack, what).toEqual(invalidPayload);
      await stillServing(people.alice, people.bob);
    },
  );
});

describe("names that are Object.prototype members", () => {
  it("as rooms and people: not found, as for any other name", async ({ people }) => {
    const { mallory } = people;
    for (const roomId of ["constructor", "hasownproperty", "tostring", "valueof"]) {
      expect(await mallory.emitWithAck("room:join", { roomId }), roomId).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
      expect(
        await mallory.emitWithAck("message:send", { clientId: randomUUID(), roomId, text: "hi" }),
        roomId,
      ).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
    }
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "__defineGetter__"]) {
      expect(await mallory.emitWithAck("dm:open", { usernames: [name] }), name).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
    }
    expectCleanPrototypes(baseline);
    await stillServing(people.alice, people.bob);
  });

  it("as usernames: such users sign up, chat and talk directly like anyone", async ({ server, people }) => {
    const names = ["__proto__", "constructor", "toString"];
    const sockets = await Promise.all(names.map((name) => joinGeneral(server, name)));
    const [proto, ctor] = sockets as [TestSocket, TestSocket, TestSocket];

    const online = await people.alice.emitWithAck("presence:list", {});
    expect(online).toEqual({ ok: true, data: { users: [...names, "alice", "bob", "mallory"].sort(), away: [] } });

    const opened = await ctor.emitWithAck("dm:open", { usernames: ["__PROTO__"] });
    expect(opened).toMatchObject({ ok: true, data: { kind: "dm", dmMembers: ["__proto__", "constructor"] } });
    if (!opened.ok) return;
    const delivered = nextMessages(proto);
    const sent = await ctor.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: opened.data.id,
      text: "psst",
    });
    expect(sent).toMatchObject({ ok: true, data: { author: "constructor", text: "psst" } });
    expect((await delivered)[0]).toEqual(sent.ok && sent.data);

    const said = await proto.emitWithAck("message:send", {
      clientId: randomUUID(),
      roomId: "general",
      text: "hello from __proto__",
    });
    expect(said).toMatchObject({ ok: true, data: { author: "__proto__" } });

    for (const socket of sockets) socket.disconnect();
    await stillServing(people.alice, people.bob);
    expect(await people.alice.emitWithAck("presence:list", {})).toEqual({
      ok: true,
      data: { users: ["alice", "bob", "mallory"], away: [] },
    });
    expectCleanPrototypes(baseline);
  });
});
