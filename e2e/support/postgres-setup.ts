import { userInfo } from "node:os";
import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * Vitest global setup: a scratch PostgreSQL database for this run, dropped at
 * the end, so that runs never see each other's data; the fault tests give
 * each server on PostgreSQL a schema of it (see faults/support/scratch-schema.ts).
 * PARLEY_TEST_POSTGRES_URL names the server and a database to connect to
 * first; by default the local one CI starts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = withUser(process.env.PARLEY_TEST_POSTGRES_URL ?? "postgres://127.0.0.1:5432/test");
  const name = `parley_e2e_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The fault tests on PostgreSQL need a server at ${admin} (set PARLEY_TEST_POSTGRES_URL to use another): ${String(error)}`,
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

/** A URL without a user connects as the operating system's user, as psql (and the server) do. */
export function withUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === "") parsed.username = userInfo().username;
  return parsed.href;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** This run's scratch PostgreSQL database (see postgres-setup.ts). */
    postgresUrl: string;
  }
}
