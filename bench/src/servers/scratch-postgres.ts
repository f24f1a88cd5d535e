import pg from "pg";

/**
 * The PostgreSQL server the benchmark may create databases on. Trust auth as
 * root on this machine; `BENCH_POSTGRES_URL` points elsewhere.
 */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://root@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  name: string;
  /** The URL Parley is given as DATABASE_URL. */
  url: string;
  /** Runs one statement on the scratch database, on a connection of its own. */
  query<Row extends pg.QueryResultRow>(text: string): Promise<Row[]>;
  drop(): Promise<void>;
}

/**
 * A database of the run's own (`parley_bench_<pid>_<purpose>`), so that a run starts
 * from an empty schema and sees no one else's rows; dropped afterwards.
 */
export async function createScratchDatabase(purpose: string): Promise<ScratchDatabase> {
  const name = `parley_bench_${process.pid}_${purpose.replace(/\W/g, "_")}`;
  await admin(async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async query<Row extends pg.QueryResultRow>(text: string) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query<Row>(text)).rows;
      } finally {
        await client.end();
      }
    },
    drop: () => admin((client) => client.query(`drop database if exists ${name} with (force)`).then(() => undefined)),
  };
}

async function admin(use: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}
