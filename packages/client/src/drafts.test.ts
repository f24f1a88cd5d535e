import { afterEach, describe, expect, it, vi } from "vitest";
import { createParleyClient } from "./client.js";
import { draftKey, localStorageDrafts, memoryDrafts } from "./drafts.js";

const thread = "00000000-0000-4000-8000-000000000001";

/** A stand-in for the browser's localStorage; `refuse` makes its writes throw as a full one does. */
function fakeLocalStorage() {
  const items = new Map<string, string>();
  const storage = {
    refuse: false,
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      if (storage.refuse) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
  return storage;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("draftKey", () => {
  it("gives a room and each of its threads a key of their own", () => {
    expect(draftKey("general")).toBe("general");
    expect(draftKey("general", null)).toBe("general");
    expect(draftKey("general", thread)).toBe(`general/${thread}`);
  });
});

describe("memoryDrafts", () => {
  it("keeps a text per key and forgets one saved as empty", () => {
    const drafts = memoryDrafts();
    drafts.save("general", "half a thought");
    drafts.save("random", "another");
    expect(drafts.load("general")).toBe("half a thought");
    expect(drafts.load("random")).toBe("another");
    drafts.save("general", "");
    expect(drafts.load("general")).toBe("");
    expect(drafts.load("never-typed-in")).toBe("");
  });
});

describe("localStorageDrafts", () => {
  it("keeps each draft in its own entry under the prefix, and removes it once empty", () => {
    const storage = fakeLocalStorage();
    vi.stubGlobal("localStorage", storage);
    const drafts = localStorageDrafts("parley:drafts:u1");
    drafts.save("general", "hello");
    drafts.save(draftKey("general", thread), "a reply");
    expect(Object.fromEntries(storage.items)).toEqual({
      "parley:drafts:u1:general": "hello",
      [`parley:drafts:u1:general/${thread}`]: "a reply",
    });
    // A reload is a new storage object over the same entries.
    expect(localStorageDrafts("parley:drafts:u1").load("general")).toBe("hello");
    drafts.save("general", "");
    expect(storage.items.has("parley:drafts:u1:general")).toBe(false);
  });

  it("does not show one user's drafts to another", () => {
    vi.stubGlobal("localStorage", fakeLocalStorage());
    localStorageDrafts("parley:drafts:u1").save("general", "mine");
    expect(localStorageDrafts("parley:drafts:u2").load("general")).toBe("");
  });

  it("keeps a draft in memory while storage is full, and goes back to storage once it takes writes", () => {
    const storage = fakeLocalStorage();
    vi.stubGlobal("localStorage", storage);
    const drafts = localStorageDrafts("p");
    drafts.save("general", "stored");
    storage.refuse = true;
    expect(() => drafts.save("general", "stored, then more")).not.toThrow();
    expect(drafts.load("general")).toBe("stored, then more");
    storage.refuse = false;
    drafts.save("general", "stored again");
    expect(storage.items.get("p:general")).toBe("stored again");
    expect(drafts.load("general")).toBe("stored again");
  });

  it("works for the page's lifetime when storage is disabled altogether", () => {
    vi.stubGlobal("localStorage", undefined);
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
    const drafts = localStorageDrafts("p");
    expect(drafts.load("general")).toBe("");
    expect(() => drafts.save("general", "typed anyway")).not.toThrow();
    expect(drafts.load("general")).toBe("typed anyway");
    drafts.save("general", "");
    expect(drafts.load("general")).toBe("");
  });
});

describe("the client's drafts", () => {
  const user = { id: "00000000-0000-4000-8000-00000000000b", username: "bob" };

  it("keeps a draft per room and thread, and drops the one a message is enqueued from", () => {
    const drafts = memoryDrafts();
    const client = createParleyClient({ url: "http://127.0.0.1:9", user, drafts });
    client.saveDraft("general", "for the room");
    client.saveDraft("general", "for the thread", thread);
    client.saveDraft("random", "elsewhere");
    expect(client.draft("general")).toBe("for the room");
    expect(client.draft("general", thread)).toBe("for the thread");

    expect(client.enqueue("general", "for the thread", thread).ok).toBe(true);
    expect(client.draft("general", thread)).toBe("");
    expect(client.draft("general")).toBe("for the room");
    expect(client.enqueue("general", "for the room").ok).toBe(true);
    expect(client.draft("general")).toBe("");
    expect(drafts.load("random")).toBe("elsewhere");
    client.close();
  });

  it("keeps the draft when the message is refused before it is queued", () => {
    const client = createParleyClient({ url: "http://127.0.0.1:9", user });
    client.saveDraft("general", "   ");
    expect(client.enqueue("general", "   ").ok).toBe(false);
    expect(client.draft("general")).toBe("   ");
    client.close();
  });
});
