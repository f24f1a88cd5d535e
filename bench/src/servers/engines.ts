/** The stores Parley can run on: its embedded default, and a PostgreSQL server (DATABASE_URL). */
export const ENGINES = ["sqlite", "postgres"] as const;
export type Engine = (typeof ENGINES)[number];

export const ENGINE_NAMES: Record<Engine, string> = {
  sqlite: "SQLite",
  postgres: "PostgreSQL",
};
