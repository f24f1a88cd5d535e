import { describe, expect, it } from "vitest";
import { ENGINES, scratchStore, signUp, timeline, userMessage } from "./store-fixture.js";

describe.each(ENGINES)("ping and close on %s", (engine) => {
  it("answers a ping while open", async () => {
    const { store } = await scratchStore(engine);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it("commits the appends still queued when it closes, then takes no more", async () => {
    const { store, openAnother } = await scratchStore(engine);
    const [alice] = await signUp(store, "alice");
    const pending = Array.from({ length: 50 }, (_, i) =>
      store.appendRoomMessage(userMessage("general", alice, `m${i}`)),
    );

    await store.close();

    const answers = await Promise.all(pending);
    expect(answers.map((message) => message.seq)).toEqual(answers.map((_, i) => i + 1));
    await expect(store.ping()).rejects.toThrow();
    await expect(store.appendRoomMessage(userMessage("general", alice, "too late"))).rejects.toThrow();
    const reopened = await openAnother();
    expect(await timeline(reopened, "general")).toEqual(answers);
  });
});
