import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../src/version.js";

/**
 * The protocol is meant for apps outside this workspace: pack it the way it
 * would be published, install the tarball into a scratch project elsewhere,
 * and compile and run a small consumer against what got installed.
 */
const packageDir = new URL("..", import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const scratch = mkdtempSync(join(tmpdir(), "parley-consumer-"));

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: scratch, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const tsconfig = {
  compilerOptions: {
    target: "ES2023",
    lib: ["ES2023", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    types: [],
    outDir: "out",
  },
};

const consumer = `
import { PROTOCOL_VERSION, RoomMessage, requests, type ClientToServerEvents } from "@parley/protocol";

const payload: Parameters<ClientToServerEvents["message:send"]>[0] = {
  clientId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  roomId: "general",
  text: "hi",
};
console.log(JSON.stringify({
  version: PROTOCOL_VERSION,
  validPayload: requests["message:send"].payload.safeParse(payload).success,
  invalidMessage: RoomMessage.safeParse({ kind: "user" }).success,
}));
`;

const wrongConsumer = `
import type { ClientToServerEvents } from "@parley/protocol";
const payload: Parameters<ClientToServerEvents["message:send"]>[0] = { roomId: "general", text: 42 };
export default payload;
`;

beforeAll(() => {
  execFileSync("pnpm", ["pack", "--pack-destination", scratch], { cwd: packageDir, stdio: "ignore" });
  const tarball = readdirSync(scratch).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack produced no tarball");
  writeFileSync(
    join(scratch, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { "@parley/protocol": `file:./${tarball}` },
    }),
  );
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["consumer.ts"] }));
  writeFileSync(join(scratch, "consumer.ts"), consumer);
  run("pnpm", ["install", "--prefer-offline", "--reporter=silent"]);
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("installs from its tarball, with built JavaScript and types and no Node built-ins", () => {
  const installed = join(scratch, "node_modules/@parley/protocol");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  // The workspace's catalog: and workspace: versions are resolved on packing.
  expect(Object.keys(manifest.dependencies)).toEqual(["zod"]);
  expect(manifest.dependencies.zod).toMatch(/^\^4\./);

  const built = readdirSync(join(installed, "dist"));
  expect(built).toContain("index.js");
  expect(built).toContain("index.d.ts");
  for (const file of built.filter((name) => name.endsWith(".js"))) {
    expect(readFileSync(join(installed, "dist", file), "utf8")).not.toMatch(/from "node:/);
  }
});

// Compiling takes seconds, more on a busy machine.
const compileTimeout = 60_000;

it("type-checks and runs a consumer", { timeout: compileTimeout }, () => {
  run("node", [tsc, "-p", "."]);
  expect(JSON.parse(run("node", ["out/consumer.js"]))).toEqual({
    version: PROTOCOL_VERSION,
    validPayload: true,
    invalidMessage: false,
  });
});

it("rejects a wrong payload at compile time in the consumer", { timeout: compileTimeout }, () => {
  writeFileSync(join(scratch, "wrong.ts"), wrongConsumer);
  writeFileSync(join(scratch, "tsconfig.wrong.json"), JSON.stringify({ ...tsconfig, files: ["wrong.ts"] }));
  const check = spawnSync("node", [tsc, "-p", "tsconfig.wrong.json", "--noEmit"], { cwd: scratch, encoding: "utf8" });
  expect(check.status).not.toBe(0);
  expect(check.stdout).toMatch(/wrong\.ts.*Type 'number' is not assignable to type 'string'/);
});
