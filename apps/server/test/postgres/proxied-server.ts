import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject, onTestFinished, vi } from "vitest";
import { withDefaultUser } from "../../src/store/postgres/default-user.js";
import { relaxRealtimeLimits, startServer, type TestServer } from "../harness.js";
import { scratchSchemaUrl } from "../test-database.js";
import { createTcpProxy, type TcpProxy } from "./tcp-proxy.js";

/**
 * A server on PostgreSQL that reaches it through a proxy the test controls,
 * and a connection of the test's own, around the proxy, to watch and break
 * the server's connections as a restart of PostgreSQL would. All of it is
 * closed when the test finishes.
 */
export interface ProxiedServer {
  server: TestServer;
  proxy: TcpProxy;
  /** Ends every connection the server has open (pg_terminate_backend); resolves with how many there were. */
  endServerConnections(): Promise<number>;
  /**
   * Takes a lock (`statement`, in a transaction of the test's own), so that
   * the server's next query that needs it waits: caught in flight. Resolves
   * once the lock is held; e.g. a room's row `for update`, to catch a write.
   */
  lock(statement: string, values?: unknown[]): Promise<{ release(): Promise<void> }>;
  /** Resolves once a connection of the server waits for a lock (see lock). */
  untilServerWaits(): Promise<void>;
}

export async function startProxiedServer(databasePath: string): Promise<ProxiedServer> {
  const schemaUrl = await scratchSchemaUrl(databasePath);
  const postgres = new URL(inject("postgresUrl") ?? schemaUrl);
  const proxy = await createTcpProxy(Number(postgres.port || 5432), postgres.hostname);
  // The server's connections are told apart by their application_name.
  const applicationName = `parley_fault_${randomBytes(4).toString("hex")}`;
  const proxied = new URL(schemaUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  proxied.searchParams.set("application_name", applicationName);

  const admin = new pg.Client({ connectionString: withDefaultUser(schemaUrl) });
  await admin.connect();
  const server = await startServer(databasePath, (config) => {
    config.database = { engine: "postgres", url: proxied.href, poolSize: 4 };
    // The tests send bursts far beyond a person's budget.
    relaxRealtimeLimits(config);
  });
  onTestFinished(async () => {
    proxy.restore();
    await server.close();
    await proxy.close();
    await admin.end();
  });

  const serverConnections = `from pg_stat_activity where datname = current_database() and application_name = $1`;
  return {
    server,
    proxy,
    async endServerConnections() {
      const { rows } = await admin.query<{ ended: number }>(
        `select count(pg_terminate_backend(pid))::int as ended ${serverConnections}`,
        [applicationName],
      );
      return rows[0]?.ended ?? 0;
    },
    async lock(statement, values = []) {
      const holder = new pg.Client({ connectionString: withDefaultUser(schemaUrl) });
      await holder.connect();
      await holder.query("begin");
      await holder.query(statement, values);
      return {
        async release() {
          await holder.query("rollback");
          await holder.end();
        },
      };
    },
    async untilServerWaits() {
      await vi.waitFor(
        async () => {
          const { rows } = await admin.query<{ waiting: number }>(
            `select count(*)::int as waiting ${serverConnections} and wait_event_type = 'Lock'`,
            [applicationName],
          );
          if ((rows[0]?.waiting ?? 0) === 0) throw new Error("no query of the server waits for the lock yet");
        },
        { timeout: 10_000, interval: 20 },
      );
    },
  };
}
