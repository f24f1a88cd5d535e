import pg from "pg";
import { withDefaultUser } from "../src/store/postgres/default-user.js";
import type { TestProject } from "vitest/node";

/**
 * Vitest global setup: a scratch PostgreSQL database for this run, dropped
 * at the end, so that runs (on one machine, or at once) never see each
 * other's data. PARLEY_TEST_POSTGRES_URL names the server and a database to
 * connect to first; by default the local one CI starts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = process.env.PARLEY_TEST_POSTGRES_URL ?? "postgres://127.0.0.1:5432/test";
  const name = `parley_test_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: withDefaultUser(admin) });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The PostgreSQL tests need a server at ${admin} (set PARLEY_TEST_POSTGRES_URL to use another): ${String(error)}`,
      { cause: error },
    );
  }
  await client.query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  project.provide("postgresUrl", url.href);
  return async () => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  };
}
