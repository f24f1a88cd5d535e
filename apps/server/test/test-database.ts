import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { withDefaultUser } from "../src/store/postgres/default-user.js";
import { inject } from "vitest";
import { createStore, type StoreConfig } from "../src/store/create-store.js";
import type { Database } from "../src/store/schema.js";
import type { Store } from "../src/store/store.js";

export type Engine = StoreConfig["engine"];

/**
 * The engine the server tests of this project run on: vitest.config.ts runs
 * them once per engine, setting PARLEY_TEST_ENGINE.
 */
export const testEngine: Engine = process.env.PARLEY_TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/**
 * Where a test's data lives: on SQLite the file at `databasePath`; on
 * PostgreSQL a schema of this run's scratch database, named after that path,
 * so that a test that restarts its server on the same path finds its data.
 */
export async function testStoreConfig(databasePath: string, engine: Engine = testEngine): Promise<StoreConfig> {
  if (engine === "sqlite") return { engine, path: databasePath };
  return { engine, url: await scratchSchemaUrl(databasePath), poolSize: 4 };
}

/** The test's database itself, to look at what the store wrote, without the store in between. */
export async function openTestDatabase(databasePath: string, engine: Engine = testEngine): Promise<Kysely<Database>> {
  const config = await testStoreConfig(databasePath, engine);
  const dialect =
    config.engine === "sqlite"
      ? new SqliteDialect({ database: new SQLite(config.path, { fileMustExist: true }) })
      : new PostgresDialect({ pool: new pg.Pool({ connectionString: withDefaultUser(config.url), max: 1 }) });
  return new Kysely<Database>({ dialect });
}

/** A store as the server would open it for `databasePath`. */
export async function openTestStore(databasePath: string, engine: Engine = testEngine): Promise<Store> {
  return createStore(await testStoreConfig(databasePath, engine));
}

/**
 * A URL of this run's scratch PostgreSQL database whose connections see only
 * the schema named after `databasePath`: tests sharing the database never
 * see each other's tables.
 */
export async function scratchSchemaUrl(databasePath: string): Promise<string> {
  const schema = `t_${createHash("sha256").update(databasePath).digest("hex").slice(0, 24)}`;
  const base = inject("postgresUrl");
  if (!base) throw new Error("No scratch PostgreSQL database: this project has no postgres-setup.ts global setup");
  // The schema lives as long as a file at databasePath would: a test that
  // cleans its scratch folder up starts the next one on an empty database.
  if (!existsSync(databasePath)) {
    const client = new pg.Client({ connectionString: withDefaultUser(base) });
    await client.connect();
    try {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.query(`create schema ${schema}`);
    } finally {
      await client.end();
    }
    mkdirSync(dirname(databasePath), { recursive: true });
    writeFileSync(databasePath, `This test's data is in the PostgreSQL schema ${schema}.\n`);
  }
  const url = new URL(base);
  url.search = `?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return url.href;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's scratch PostgreSQL database (see postgres-setup.ts). */
    postgresUrl: string | undefined;
  }
}
