import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TokenGrant } from "@parley/protocol";
import type { Peer } from "../load/clients.ts";
import type { Plan } from "../plan.ts";
import type { Engine } from "../servers/engines.ts";
import { launch, type LaunchOptions, type RunningServer, type ServerKind } from "../servers/launch.ts";
import { ParleyAccounts } from "../servers/parley-accounts.ts";
import { createScratchDatabase, type ScratchDatabase } from "../servers/scratch-postgres.ts";

/** One of Parley's databases, with the accounts signed up in it. */
export interface ParleyDatabase {
  engine: Engine;
  /** Where launch() points Parley. */
  location: Pick<LaunchOptions, "databasePath" | "databaseUrl">;
  /** The SQLite file, or the scratch PostgreSQL database. */
  sqlitePath: string | null;
  postgres: ScratchDatabase | null;
  accounts: ParleyAccounts;
}

/** What every scenario of one run shares: the plan, and Parley's databases and accounts. */
export class BenchContext {
  private readonly scratch = mkdtempSync(join(tmpdir(), "parley-bench-"));
  private readonly databases = new Map<string, Promise<ParleyDatabase>>();
  private readonly databaseOf = new WeakMap<RunningServer, ParleyDatabase>();

  readonly plan: Plan;
  /** Where Parley writes CPU profiles, when profiling. */
  readonly cpuProfileDir: string | undefined;

  constructor(plan: Plan, cpuProfileDir?: string) {
    this.plan = plan;
    this.cpuProfileDir = cpuProfileDir;
  }

  /**
   * A database on `engine`, made on first use and kept for the run, so that
   * accounts and rooms are made once. A scenario that needs one of its own
   * (empty, or grown to a size) asks with a `purpose` of its own.
   */
  database(engine: Engine, purpose = "shared"): Promise<ParleyDatabase> {
    const key = `${engine}:${purpose}`;
    let database = this.databases.get(key);
    if (!database) {
      database = this.open(engine, purpose);
      this.databases.set(key, database);
    }
    return database;
  }

  private async open(engine: Engine, purpose: string): Promise<ParleyDatabase> {
    const accounts = new ParleyAccounts();
    if (engine === "sqlite") {
      const path = join(this.scratch, `${purpose}.db`);
      return { engine, location: { databasePath: path }, sqlitePath: path, postgres: null, accounts };
    }
    const postgres = await createScratchDatabase(purpose);
    return { engine, location: { databaseUrl: postgres.url }, sqlitePath: null, postgres, accounts };
  }

  /** Starts a server; Parley on `database`, the run's shared SQLite one unless told. */
  async launch(kind: ServerKind, database?: ParleyDatabase): Promise<RunningServer> {
    const parleyDatabase = kind === "parley" ? (database ?? (await this.database("sqlite"))) : null;
    const server = await launch(kind, {
      ...parleyDatabase?.location,
      cpuProfileDir: kind === "parley" ? this.cpuProfileDir : undefined,
    });
    if (parleyDatabase) this.databaseOf.set(server, parleyDatabase);
    return server;
  }

  /**
   * `count` peers, each in the rooms `roomsOf(i)` gives. Parley's are the
   * accounts numbered from `first`, signed up on first use, with their tokens.
   */
  async peers(
    server: RunningServer,
    count: number,
    roomsOf: (i: number) => string[],
    first = 0,
    reuseAccounts = 1,
  ): Promise<Peer[]> {
    if (server.kind !== "parley") return Array.from({ length: count }, (_, i) => ({ rooms: roomsOf(i) }));
    const distinct = Math.ceil(count / reuseAccounts);
    const grants = (await this.grants(server, first + distinct)).slice(first);
    return Array.from({ length: count }, (_, i) => {
      const grant = grants[i % distinct]!;
      return { user: grant.user, token: grant.token, rooms: roomsOf(i) };
    });
  }

  /** The first `count` accounts of the Parley server's database, signed up on first use. */
  grants(server: RunningServer, count: number): Promise<TokenGrant[]> {
    const database = this.databaseOf.get(server);
    if (!database) throw new Error(`The ${server.kind} server has no accounts`);
    return database.accounts.take(server.url, count);
  }

  /** Removes the SQLite files and drops the scratch PostgreSQL databases. */
  async dispose(): Promise<void> {
    rmSync(this.scratch, { recursive: true, force: true });
    const opened = await Promise.allSettled(this.databases.values());
    for (const database of opened) {
      if (database.status === "fulfilled") await database.value.postgres?.drop();
    }
  }
}
