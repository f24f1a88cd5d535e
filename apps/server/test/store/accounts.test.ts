import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ENGINES, scratchStore, signUp } from "./store-fixture.js";

/** A session id as the server makes one: the SHA-256 of a random token. */
const sessionId = () => createHash("sha256").update(randomBytes(32)).digest("hex");

describe.each(ENGINES)("accounts and sessions on %s", (engine) => {
  describe("createAccount", () => {
    it("creates the account, a member of general", async () => {
      const { store } = await scratchStore(engine);

      const alice = await store.createAccount("Alice", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");

      expect(alice).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), username: "Alice" });
      expect(await store.roomIdsOf(alice!)).toEqual(["general"]);
      expect(await store.members("general")).toEqual([alice]);
    });

    it("refuses a name taken in any letter case", async () => {
      const { store } = await scratchStore(engine);
      await signUp(store, "alice");

      expect(await store.createAccount("alice", "other hash")).toBeNull();
      expect(await store.createAccount("ALICE", "other hash")).toBeNull();
      expect(await store.members("general")).toHaveLength(1);
      expect(await store.findAccount("alice")).toMatchObject({ passwordHash: "hash of alice's password" });
    });
  });

  describe("findAccount and findUsers", () => {
    it("find accounts by name in any letter case, spelled as signed up", async () => {
      const { store } = await scratchStore(engine);
      const [alice, bob] = await signUp(store, "Alice", "bob");

      expect(await store.findAccount("aLiCe")).toEqual({ ...alice, passwordHash: "hash of Alice's password" });
      expect(await store.findAccount("carol")).toBeNull();
      // Each once, in the order asked, whatever order the engine reads them in.
      expect(await store.findUsers(["BOB", "alice", "carol", "Bob"])).toEqual([bob, alice]);
      expect(await store.findUsers(["alice", "bob"])).toEqual([alice, bob]);
      expect(await store.findUsers([])).toEqual([]);
      expect(await store.findUsers(["nobody"])).toEqual([]);
    });
  });

  describe("sessions", () => {
    it("find a live session with its user", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const now = Date.now();
      const session = { id: sessionId(), userId: alice.id, expiresAt: now + 60_000 };

      await store.createSession(session);

      expect(await store.findLiveSession(session.id, now)).toEqual({ session, user: alice });
      expect(await store.findLiveSession(sessionId(), now)).toBeNull();
    });

    it("find nothing once the session expired", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const now = Date.now();
      const session = { id: sessionId(), userId: alice.id, expiresAt: now + 1000 };
      await store.createSession(session);

      expect(await store.findLiveSession(session.id, now + 999)).toEqual({ session, user: alice });
      expect(await store.findLiveSession(session.id, now + 1000)).toBeNull();
      expect(await store.findLiveSession(session.id, now + 1_000_000)).toBeNull();
    });

    it("find nothing once the session was revoked; the user's other sessions live on", async () => {
      const { store } = await scratchStore(engine);
      const [alice] = await signUp(store, "alice");
      const now = Date.now();
      const revoked = { id: sessionId(), userId: alice.id, expiresAt: now + 60_000 };
      const other = { id: sessionId(), userId: alice.id, expiresAt: now + 60_000 };
      await store.createSession(revoked);
      await store.createSession(other);

      await store.revokeSession(revoked.id, now);
      await store.revokeSession(sessionId(), now);

      expect(await store.findLiveSession(revoked.id, now)).toBeNull();
      expect(await store.findLiveSession(other.id, now)).toEqual({ session: other, user: alice });
    });
  });
});
