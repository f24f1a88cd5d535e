import { diskBytes, postgresProcesses, type PostgresRole } from "./disk-writes.ts";

/** Bytes written to disk over a measured window, by who wrote them. */
export interface WrittenBytes {
  /** The Parley server process (for SQLite: its commits, the WAL fsyncs and the checkpoint thread). */
  server: number;
  /** PostgreSQL's backends serving the benchmark's database. */
  databaseBackends: number;
  /** PostgreSQL's own processes (WAL writer, checkpointer, background writer, postmaster), shared by every database. */
  databaseShared: number;
  /** Other databases' backends on the same PostgreSQL server, not counted in the total: others' tests may run there. */
  otherDatabases: number;
  /** What the benchmark counts: server + databaseBackends + databaseShared. */
  total: number;
}

type Role = PostgresRole | "server";

/**
 * Starts counting the bytes written by a Parley server and, when it runs on
 * PostgreSQL, by the PostgreSQL server's processes; `stop()` gives the
 * difference. A process that starts during the window counts from zero; one
 * that exits during it is lost (Parley's pool keeps its connections).
 */
export function startWriteMeter(serverPid: number, postgresDatabase?: string): { stop(): WrittenBytes } {
  const snapshot = () => {
    const roles = new Map<number, Role>(postgresDatabase ? postgresProcesses(postgresDatabase) : []);
    roles.set(serverPid, "server");
    const bytes = new Map<number, { role: Role; written: number }>();
    for (const [pid, role] of roles) {
      const written = diskBytes(pid, "write_bytes");
      if (written !== null) bytes.set(pid, { role, written });
    }
    return bytes;
  };
  const before = snapshot();
  return {
    stop() {
      const sums: Record<Role, number> = { server: 0, ours: 0, shared: 0, others: 0 };
      for (const [pid, { role, written }] of snapshot()) sums[role] += written - (before.get(pid)?.written ?? 0);
      return {
        server: sums.server,
        databaseBackends: sums.ours,
        databaseShared: sums.shared,
        otherDatabases: sums.others,
        total: sums.server + sums.ours + sums.shared,
      };
    },
  };
}
