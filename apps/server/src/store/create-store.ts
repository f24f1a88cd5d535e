import { createPostgresStore } from "./postgres/postgres-store.js";
import { createSqliteStore } from "./sqlite/sqlite-store.js";
import type { Store } from "./store.js";

/** Which engine keeps the data: an embedded SQLite file (the default), or PostgreSQL for many nodes. */
export type StoreConfig = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string; poolSize: number };

export interface StoreOptions {
  /** Told when an idle PostgreSQL connection breaks (the pool opens another when next needed). */
  onConnectionError?: (error: Error) => void;
}

/** The store the configuration asks for, migrated and ready. Nothing else in the server knows which engine it is. */
export function createStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  switch (config.engine) {
    case "sqlite":
      return createSqliteStore(config.path);
    case "postgres":
      return createPostgresStore({ ...config, onConnectionError: options.onConnectionError });
  }
}
