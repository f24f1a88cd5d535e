import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Engine } from "./engines.ts";
import type { ProbeRequest } from "./probe.ts";

/** The three servers every scenario runs against, in the order they are reported. */
export const SERVER_KINDS = ["parley", "socketio", "ws"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const SERVER_NAMES: Record<ServerKind, string> = {
  parley: "Parley",
  socketio: "bare Socket.IO",
  ws: "raw ws",
};

/** The server's name in reports: Parley's says which store it ran on when that is not SQLite. */
export function serverName({ kind, engine }: Pick<RunningServer, "kind" | "engine">): string {
  return engine === "postgres" ? `${SERVER_NAMES[kind]} on PostgreSQL` : SERVER_NAMES[kind];
}

/** The server's short label in progress lines. */
export function serverLabel({ kind, engine }: Pick<RunningServer, "kind" | "engine">): string {
  return engine === "postgres" ? `${kind}-pg` : kind;
}

export interface LaunchOptions {
  /** Parley's SQLite file; the other servers store nothing. */
  databasePath?: string;
  /** Parley on PostgreSQL instead (DATABASE_URL). */
  databaseUrl?: string;
  /** Write a V8 CPU profile (`--cpu-prof`) into this folder when the server exits. */
  cpuProfileDir?: string;
}

export interface RunningServer {
  kind: ServerKind;
  /** Parley's store; null for the servers that store nothing. */
  engine: Engine | null;
  /** The server's process, for its /proc figures. */
  pid: number;
  /** http://127.0.0.1:port */
  url: string;
  /** Heap and RSS after a last-resort garbage collection (see probe.ts). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** CPU time the process has used so far. */
  cpu(): Promise<NodeJS.CpuUsage>;
  /** The event loop's delay since the last call (or the start), sampled every 10 ms. */
  loopDelay(): Promise<{ p99Ms: number; maxMs: number }>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
/**
 * Parley's production build; `PARLEY_SERVER_ENTRY` measures another build
 * (a copy of an earlier one, say, for before and after in turns).
 */
const parleyEntry =
  process.env.PARLEY_SERVER_ENTRY ?? join(dirname(require.resolve("@parley/server/package.json")), "dist", "index.js");

/**
 * Parley as it ships: the production build, with its defaults (accounts,
 * validation, SQLite fsynced before every ack, sequencing). Only the rate limits
 * are raised, because every load-generator client shares one address and
 * sends far faster than a person types.
 */
const parleyEnvironment = {
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  RATE_LIMIT_SENDS: "1000000/1s",
  RATE_LIMIT_TYPING: "1000000/1s",
  RATE_LIMIT_READS: "1000000/1s",
  RATE_LIMIT_PRESENCE: "1000000/1s",
  RATE_LIMIT_REQUESTS: "1000000/1s",
  RATE_LIMIT_SIGN_INS: "1000000/1s",
  RATE_LIMIT_HANDSHAKES: "1000000/1s",
};

const entries: Record<ServerKind, string> = {
  parley: parleyEntry,
  socketio: join(here, "bare-socketio.ts"),
  ws: join(here, "raw-ws.ts"),
};

/** Starts a server in its own process, on a free port, and resolves once it accepts connections. */
export async function launch(kind: ServerKind, options: LaunchOptions = {}): Promise<RunningServer> {
  if (kind === "parley" && !existsSync(parleyEntry)) {
    throw new Error(`${parleyEntry} does not exist. Build first: pnpm turbo run build --filter @parley/bench^...`);
  }
  const port = await freePort();
  const flags = ["--expose-gc", "--import", join(here, "probe.ts")];
  if (options.cpuProfileDir) flags.push("--cpu-prof", "--cpu-prof-dir", options.cpuProfileDir);
  const child = spawn(process.execPath, [...flags, entries[kind]], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      ...(kind === "parley" ? { ...parleyEnvironment, ...parleyDatabase(options) } : {}),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit");

  async function ask<T>(request: ProbeRequest): Promise<T> {
    const [reply] = (await Promise.race([
      once(child, "message"),
      exited.then(() => Promise.reject(new Error(`${kind} server exited`))),
    ])) as [Record<string, T>];
    return reply[request] as T;
  }

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(force);
  }

  try {
    await acceptsConnections(port, exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    kind,
    engine: kind !== "parley" ? null : options.databaseUrl ? "postgres" : "sqlite",
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    memory: () => {
      const reply = ask<NodeJS.MemoryUsage>("memory");
      child.send("memory");
      return reply;
    },
    cpu: () => {
      const reply = ask<NodeJS.CpuUsage>("cpu");
      child.send("cpu");
      return reply;
    },
    loopDelay: () => {
      const reply = ask<{ p99Ms: number; maxMs: number }>("loop");
      child.send("loop");
      return reply;
    },
    stop,
  };
}

/** DATABASE_URL selects PostgreSQL; without it Parley opens the SQLite file. */
function parleyDatabase({ databasePath, databaseUrl }: LaunchOptions): Record<string, string | undefined> {
  return databaseUrl
    ? { DATABASE_URL: databaseUrl, DATABASE_PATH: undefined }
    : { DATABASE_PATH: databasePath, DATABASE_URL: undefined };
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

async function acceptsConnections(port: number, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (gone) throw new Error("The server exited before it listened");
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return;
    await sleep(100);
  }
  throw new Error(`Nothing listens on port ${port} after a minute`);
}
