import { randomUUID } from "node:crypto";
import { MESSAGE_MAX_LENGTH, type UserMessage } from "@parley/protocol";
import { afterEach, describe, expect, it as plainIt } from "vitest";
import type { Config } from "../../src/app.js";
import {
  it,
  joinGeneral,
  nextMessageWhere,
  openTestDatabase,
  relaxRealtimeLimits,
  scratchDir,
  startServer,
} from "../harness.js";
import { expectResult, invalidPayload, type AnyResult } from "./expectations.js";

/** Emoji, ZWJ sequences, skin tones, flags and combining marks, to exactly MESSAGE_MAX_LENGTH UTF-16 units. */
function graphemesAtTheLimit(): string {
  const pieces = ["👩‍👩‍👧‍👦", "👍🏽", "🇺🇳", "e\u0301", "😀", "ﷺ"];
  let text = "";
  for (let i = 0; text.length + (pieces[i % pieces.length] as string).length <= MESSAGE_MAX_LENGTH; i++) {
    text += pieces[i % pieces.length] as string;
  }
  return text.padEnd(MESSAGE_MAX_LENGTH, "x");
}

/** Texts the protocol accepts, which must be stored and sent exactly as typed. */
const verbatim: [string, string][] = [
  ["emoji at exactly MESSAGE_MAX_LENGTH UTF-16 units", "😀".repeat(MESSAGE_MAX_LENGTH / 2)],
  ["mixed graphemes at exactly MESSAGE_MAX_LENGTH UTF-16 units", graphemesAtTheLimit()],
  ["a right-to-left override", "\u202Egnp.exe"],
  ["bidi isolates and marks", "abc \u2067שלום\u2069 \u200fdef\u202c"],
  ["SQL that drops a table", "'); DROP TABLE room_messages; --"],
  ["SQL wildcards and escapes", "%_\\%\\_ 100% _x_ \\\\ \\' \\"],
  ["SQL quotes and comments", `' OR '1'='1' /* "; DELETE FROM users; -- */`],
  ["a script element", "<script>alert(document.cookie)</script>"],
  ["HTML attributes and entities", `<img src=x onerror="alert(1)"> &lt;b&gt; &amp; </textarea>`],
  ["whitespace around the text", "  padded\t\n"],
  ["CRLF and line separators", "line 1\r\nline 2\u2028line 3"],
  ["decomposed and precomposed forms (not normalized)", "e\u0301 \u00e9 \u212b \u00c5"],
  ["zero-width characters around the text", "\u200bhi\u200d\ufeff"],
  ["terminal escapes and control characters", "\u0007bell \u001b[31mred\u001b[0m \u007f"],
  ["Socket.IO framing inside the text", '42["message:send"] \u001e 40{"sid":"x"} 451-[{"_placeholder":true,"num":0}]'],
  ["private-use code points and noncharacters", "\ue000 \ufffe \uffff \u{10FFFF}"],
];

/** Where two strings first differ, in UTF-16 units; "identical" if nowhere. */
function difference(actual: unknown, expected: string): string {
  if (typeof actual !== "string") return `not a string: ${typeof actual}`;
  if (actual === expected) return "identical";
  let at = 0;
  while (at < Math.min(actual.length, expected.length) && actual[at] === expected[at]) at++;
  const unit = (text: string) =>
    at < text.length ? `U+${text.charCodeAt(at).toString(16).padStart(4, "0")}` : "the end";
  return `unit ${at}: ${unit(actual)} instead of ${unit(expected)} (lengths ${actual.length}, ${expected.length})`;
}

/** Two requests for each text: more than the default rate limit allows. */
const generousLimits = (config: Config) => relaxRealtimeLimits(config);

describe("texts the protocol accepts", () => {
  const dir = scratchDir();
  afterEach(() => dir.cleanup());

  plainIt(
    "come back byte-identical in the ack, the broadcast, the database and the history after a restart",
    async () => {
      const databasePath = `${dir.path}/parley.db`;
      const acks: UserMessage[] = [];
      const direct: UserMessage[] = [];
      let dmId = "";

      const first = await startServer(databasePath, generousLimits);
      try {
        const [alice, bob] = await Promise.all([joinGeneral(first, "alice"), joinGeneral(first, "bob")]);
        const dm = await alice.emitWithAck("dm:open", { usernames: ["bob"] });
        if (!dm.ok) throw new Error(`dm:open refused with ${JSON.stringify(dm)}`);
        dmId = dm.data.id;
        for (const [what, text] of verbatim) {
          const broadcast = nextMessageWhere(bob, (m) => m.kind === "user");
          const ack = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text });
          if (!ack.ok || ack.data.kind !== "user") throw new Error(`${what}: refused with ${JSON.stringify(ack)}`);
          expect(difference(ack.data.text, text), `${what}: ack`).toBe("identical");
          expect(await broadcast, `${what}: broadcast`).toEqual(ack.data);
          acks.push(ack.data);

          const delivered = nextMessageWhere(bob, (m) => m.roomId === dmId);
          const sent = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: dmId, text });
          if (!sent.ok || sent.data.kind !== "user")
            throw new Error(`${what}: direct message refused: ${JSON.stringify(sent)}`);
          expect(difference(sent.data.text, text), `${what}: direct ack`).toBe("identical");
          expect(await delivered, `${what}: direct delivery`).toEqual(sent.data);
          direct.push(sent.data);
        }
      } finally {
        await first.close();
      }

      // What the file holds, read without the server in between.
      const db = await openTestDatabase(databasePath);
      try {
        const bodiesOf = async (roomId: string) =>
          (
            await db
              .selectFrom("room_messages")
              .select("body")
              .where("kind", "=", "user")
              .where("room_id", "=", roomId)
              .orderBy("seq")
              .execute()
          ).map((row) => row.body);
        const bodies = await bodiesOf("general");
        const directBodies = await bodiesOf(dmId);
        verbatim.forEach(([what, text], i) => {
          expect(difference(bodies[i], text), `${what}: room_messages.body`).toBe("identical");
          expect(difference(directBodies[i], text), `${what}: direct room_messages.body`).toBe("identical");
        });
      } finally {
        await db.destroy();
      }

      const second = await startServer(databasePath, generousLimits);
      try {
        const carol = await second.connect("carol");
        const page = await carol.emitWithAck("message:list", { roomId: "general" });
        if (!page.ok) throw new Error(`message:list refused: ${page.error.code}`);
        const userMessages = page.data.messages.filter((m) => m.kind === "user");
        expect(userMessages).toHaveLength(acks.length);
        acks.forEach((ack, i) => {
          const [what] = verbatim[i] as [string, string];
          expect(difference((userMessages[i] as UserMessage).text, ack.text), `${what}: history`).toBe("identical");
          expect(userMessages[i], `${what}: history`).toEqual(ack);
        });
      } finally {
        await second.close();
      }
    },
  );
});

describe("lone surrogates and NULs", () => {
  const lone: [string, string][] = [
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate inside text", "lone \udc00 low"],
    ["a high surrogate at the end", "cut emoji \ud83d"],
    ["a reversed pair", "\ude00\ud83d reversed"],
    ["a NUL inside", "a\u0000b"],
    ["NULs at both ends", "\u0000ends\u0000"],
  ];

  it("are either refused, or stored as they were acknowledged and broadcast", async ({ server }) => {
    const [alice, bob] = await Promise.all([joinGeneral(server, "alice"), joinGeneral(server, "bob")]);
    const outcomes: { what: string; ack: AnyResult; broadcast: unknown; stored: unknown }[] = [];
    for (const [what, text] of lone) {
      const broadcast = nextMessageWhere(bob, (m) => m.kind === "user");
      const ack = await alice.emitWithAck("message:send", { clientId: randomUUID(), roomId: "general", text });
      expectResult(ack);
      outcomes.push({ what, ack, broadcast: ack.ok ? await broadcast : undefined, stored: undefined });
    }
    const page = await bob.emitWithAck("message:list", { roomId: "general" });
    if (!page.ok) throw new Error(`message:list refused: ${page.error.code}`);
    for (const outcome of outcomes) {
      const { ack } = outcome;
      if (ack.ok) outcome.stored = page.data.messages.find((m) => m.id === (ack.data as UserMessage).id);
    }

    // Whatever is acknowledged is also what everyone else was sent, and was
    // stored: the same message in all but (see below) its text.
    for (const { what, ack, broadcast, stored } of outcomes) {
      if (!ack.ok) continue;
      const data = ack.data as UserMessage;
      expect(broadcast, what).toEqual(data);
      expect(stored, what).toEqual({ ...data, text: expect.any(String) });
    }
    // Text with a lone surrogate has no UTF-8 form, and PostgreSQL cannot
    // hold a NUL: such text is refused, never stored altered.
    for (const { what, ack, stored } of outcomes) {
      if (ack.ok) expect(stored, what).toEqual(ack.data);
      else expect(ack, what).toEqual(invalidPayload);
    }
  });
});
