import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

export interface ProductionServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** What the server logged so far, for failure messages. */
  log(): string;
  /** SIGTERM, then waits for the process to exit and removes its database. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Longest a graceful shutdown may take before the process is killed outright. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Starts the built server (`node dist/index.js`) on a free port, serving the
 * built web app, with a fresh SQLite database in a scratch folder. It resolves
 * once the server logs the port it listens on.
 */
export async function startProductionServer(): Promise<ProductionServer> {
  const entry = join(packageDir("@parley/server"), "dist", "index.js");
  const webRoot = join(packageDir("@parley/web"), "dist");
  for (const built of [entry, join(webRoot, "index.html")]) {
    if (!existsSync(built)) {
      throw new Error(`${built} does not exist. Build first: pnpm turbo run build --filter @parley/e2e...`);
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), "parley-e2e-"));
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: join(scratch, "parley.db"),
      WEB_ROOT: webRoot,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  const lines: string[] = [];
  const log = () => lines.join("\n");
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => lines.push(chunk.trimEnd()));

  async function stop(): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), SHUTDOWN_GRACE_MS);
      await exited;
      clearTimeout(force);
    }
    rmSync(scratch, { recursive: true, force: true });
  }

  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: child.stdout }).on("line", (line) => {
        lines.push(line);
        const port = listeningPort(line);
        if (port !== undefined) resolve(port);
      });
      child.once("error", reject);
      void exited.then(([code, signal]) =>
        reject(new Error(`The server exited (${signal ?? `code ${String(code)}`}) before listening:\n${log()}`)),
      );
    });
    return { url: `http://127.0.0.1:${port}`, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The port in pino's `{"port":N,"url":"http://…:N",...,"msg":"Parley is listening on http://…:N"}` line. */
function listeningPort(line: string): number | undefined {
  try {
    const entry = JSON.parse(line) as { port?: unknown; msg?: unknown };
    const listening = typeof entry.msg === "string" && entry.msg.includes("listening");
    return listening && typeof entry.port === "number" ? entry.port : undefined;
  } catch {
    return undefined; // not a log line
  }
}
