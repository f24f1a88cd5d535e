import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { withUser } from "../../support/postgres-setup.js";

/** A schema of this run's scratch PostgreSQL database (see support/postgres-setup.ts). */
export interface ScratchSchema {
  /** A URL whose connections see only this schema: the server's DATABASE_URL. */
  readonly url: string;
  /** Whether a table of this name is in the schema: the server migrated into it. */
  hasTable(name: string): Promise<boolean>;
  drop(): Promise<void>;
}

export async function createScratchSchema(): Promise<ScratchSchema> {
  const database = withUser(inject("postgresUrl"));
  const schema = `faults_${randomBytes(6).toString("hex")}`;
  await execute(database, `create schema ${schema}`);
  const url = new URL(database);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.href,
    hasTable: async (name) => {
      const rows = await execute(database, "select to_regclass($1) is not null as found", [`${schema}.${name}`]);
      return rows[0]?.found === true;
    },
    drop: async () => void (await execute(database, `drop schema if exists ${schema} cascade`)),
  };
}

async function execute(url: string, statement: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(statement, values)).rows;
  } finally {
    await client.end();
  }
}
