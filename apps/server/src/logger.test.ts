import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger } from "./logger.js";

it("never writes passwords, tokens, message text or cookies", () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ logLevel: "info" }, sink);
  logger.info(
    {
      password: "hunter2hunter2",
      token: "secret-token",
      auth: { token: "secret-token" },
      payload: { text: "private words", password: "hunter2hunter2" },
      req: { headers: { cookie: "parley_session=abc", authorization: "Bearer secret-token" } },
    },
    "signing in",
  );
  const written = lines.join("");
  expect(written).toContain("signing in");
  for (const secret of ["hunter2", "secret-token", "private words", "parley_session=abc"]) {
    expect(written).not.toContain(secret);
  }
});
