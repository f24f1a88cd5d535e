import { expect, it, onTestFinished } from "vitest";
import { startProductionServer } from "./support/production-server.js";

it("says in its start-up line which address to open", async () => {
  const server = await startProductionServer();
  onTestFinished(() => server.stop());
  const listening = server
    .log()
    .split("\n")
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; url?: string }];
      } catch {
        return [];
      }
    })
    .find((entry) => entry.msg?.startsWith("Parley is listening"));
  // HOST=127.0.0.1 here; with no HOST it would be http://localhost:PORT.
  expect(listening).toMatchObject({ url: server.url, msg: `Parley is listening on ${server.url}` });
  expect((await fetch(listening?.url ?? "")).status).toBe(200);
});
