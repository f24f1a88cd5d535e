import type { PresenceChange } from "@parley/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PRESENCE_BATCH_MS, PresenceBatch } from "./presence-batch.js";

describe("PresenceBatch", () => {
  let sent: PresenceChange[][];
  let batch: PresenceBatch;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    batch = new PresenceBatch((changes) => sent.push(changes));
  });
  afterEach(() => {
    batch.close();
    vi.useRealTimers();
  });

  it("sends a window's changes together, once", () => {
    for (const username of ["alice", "bob", "carol", "dave", "erin"]) batch.record({ username, status: "online" });
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(sent).toEqual([
      ["alice", "bob", "carol", "dave", "erin"].map((username) => ({ username, status: "online" })),
    ]);
    vi.advanceTimersByTime(10 * PRESENCE_BATCH_MS);
    expect(sent).toHaveLength(1);
  });

  it("lists each person once, with their latest status", () => {
    batch.record({ username: "alice", status: "online" });
    batch.record({ username: "bob", status: "away" });
    batch.record({ username: "alice", status: "offline" });
    batch.record({ username: "alice", status: "online" });
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(sent).toEqual([
      [
        { username: "alice", status: "online" },
        { username: "bob", status: "away" },
      ],
    ]);
  });

  it("starts a new window with the next change", () => {
    batch.record({ username: "alice", status: "away" });
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    batch.record({ username: "alice", status: "online" });
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(sent).toEqual([[{ username: "alice", status: "away" }], [{ username: "alice", status: "online" }]]);
  });

  it("sends nothing when nothing changed", () => {
    batch.flush();
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(sent).toEqual([]);
  });

  it("drops what is pending when closed, and records nothing after", () => {
    batch.record({ username: "alice", status: "offline" });
    batch.close();
    batch.record({ username: "bob", status: "offline" });
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(sent).toEqual([]);
  });

  it("does not keep the process alive while a change waits", () => {
    vi.useRealTimers();
    const setTimer = vi.spyOn(globalThis, "setTimeout");
    batch.record({ username: "alice", status: "online" });
    expect((setTimer.mock.results[0]?.value as NodeJS.Timeout).hasRef()).toBe(false);
    setTimer.mockRestore();
  });
});
