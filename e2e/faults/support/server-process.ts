import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createScratchSchema, type ScratchSchema } from "./scratch-schema.js";

const require = createRequire(import.meta.url);
const entry = join(dirname(require.resolve("@parley/server/package.json")), "dist", "index.js");

/** How long a start may take on a loaded two-core machine before it counts as failed. */
const START_LIMIT_MS = 30_000;
/** Longer than the server's own shutdown bound: past it, the shutdown counts as hung. */
const GRACEFUL_LIMIT_MS = 20_000;

/** Where the server keeps its data: a SQLite file, or PostgreSQL (a schema of this run's scratch database). */
export type Engine = "sqlite" | "postgres";
export const ENGINES: readonly Engine[] = ["sqlite", "postgres"];

export interface ServerProcessOptions {
  /** More of the server's environment, over the defaults below (e.g. LOG_LEVEL, SHUTDOWN_TIMEOUT_MS). */
  env?: Record<string, string>;
  /** SQLite by default. */
  engine?: Engine;
  /**
   * On PostgreSQL: the port of 127.0.0.1 to reach it on instead of its own,
   * e.g. that of a TcpProxy in front of it, to cut the server off from it.
   */
  postgresPort?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built server as a real process, on a fixed port and database, so it
 * can be killed and started again where its clients expect it.
 */
export interface ServerProcess {
  readonly port: number;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly engine: Engine;
  /** On PostgreSQL, its schema's URL, straight to PostgreSQL (never through `postgresPort`). */
  readonly databaseUrl: string | undefined;
  /** Whether a process is running now. */
  running(): boolean;
  /** What every run logged so far, for failure messages. */
  log(): string;
  /** Starts the server (again) and resolves once it answers its health check. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown code runs. Resolves once the process is gone. */
  crash(): Promise<Exit>;
  /** SIGTERM, and how the process ended; SIGKILLed if it outlives GRACEFUL_LIMIT_MS. */
  terminate(): Promise<Exit>;
  /** Stops whatever runs and removes its data (the SQLite file, or the PostgreSQL schema). */
  dispose(): Promise<void>;
}

/** A port nothing listens on right now (the server must come back on the same one). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

export async function createServerProcess({
  env = {},
  engine = "sqlite",
  postgresPort,
}: ServerProcessOptions = {}): Promise<ServerProcess> {
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist. Build first: pnpm turbo run build --filter @parley/e2e...`);
  }
  const scratch = mkdtempSync(join(tmpdir(), "parley-faults-"));
  let schema: ScratchSchema | undefined;
  let database: Record<string, string>;
  // The environment of the tests may name a database: the engine asked for decides.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.DATABASE_PATH;
  if (engine === "sqlite") {
    database = { DATABASE_PATH: join(scratch, "parley.db") };
  } else {
    schema = await createScratchSchema();
    const url = new URL(schema.url);
    if (postgresPort !== undefined) {
      url.hostname = "127.0.0.1";
      url.port = String(postgresPort);
    }
    database = { DATABASE_URL: url.href };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<Exit> = Promise.resolve({ code: null, signal: null });

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const log = () => lines.join("\n");

  async function healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  async function start(): Promise<void> {
    if (running()) throw new Error("The server is already running");
    const process_ = spawn(process.execPath, [entry], {
      env: {
        ...inherited,
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        ...database,
        LOG_LEVEL: "warn",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = process_;
    lines.push(`--- started (pid ${process_.pid ?? "?"}) ---`);
    for (const stream of [process_.stdout, process_.stderr]) {
      stream.setEncoding("utf8").on("data", (chunk: string) => lines.push(chunk.trimEnd()));
    }
    exited = once(process_, "exit").then(([code, signal]) => {
      lines.push(`--- exited (${String(signal ?? code)}) ---`);
      return { code, signal } satisfies Exit;
    });
    // The log level may be warn, with no "listening" line: the health check says when it is up.
    const deadline = Date.now() + START_LIMIT_MS;
    while (Date.now() < deadline) {
      if (!running()) throw new Error(`The server exited before it was up:\n${log()}`);
      if (await healthy()) return await onPostgres();
      await sleep(100);
    }
    throw new Error(`The server did not answer its health check within ${START_LIMIT_MS} ms:\n${log()}`);
  }

  /** On PostgreSQL, a server that answers must have migrated into its schema, not found a database elsewhere. */
  async function onPostgres(): Promise<void> {
    if (schema && !(await schema.hasTable("room_messages"))) {
      throw new Error(`The server answers, but its PostgreSQL schema has no tables:\n${log()}`);
    }
  }

  async function crash(): Promise<Exit> {
    if (running()) child?.kill("SIGKILL");
    return exited;
  }

  async function terminate(): Promise<Exit> {
    if (!running()) return exited;
    child?.kill("SIGTERM");
    const hung = setTimeout(() => {
      lines.push(`--- still running ${GRACEFUL_LIMIT_MS} ms after SIGTERM: SIGKILL ---`);
      child?.kill("SIGKILL");
    }, GRACEFUL_LIMIT_MS);
    try {
      return await exited;
    } finally {
      clearTimeout(hung);
    }
  }

  async function dispose(): Promise<void> {
    await crash();
    rmSync(scratch, { recursive: true, force: true });
    await schema?.drop();
  }

  return { port, url, engine, databaseUrl: schema?.url, running, log, start, crash, terminate, dispose };
}
