import { readdirSync, readFileSync } from "node:fs";

/**
 * A process's disk traffic so far, from /proc/<pid>/io: `write_bytes` counts
 * a page when it turns dirty in the page cache (a page written again before
 * it reached the disk counts once); `read_bytes`, what had to be read from the
 * disk (not what the page cache already held). Null once the process is
 * gone, or when it cannot be read.
 */
export function diskBytes(pid: number, field: "write_bytes" | "read_bytes"): number | null {
  try {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+)$`, "m").exec(io);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Where a PostgreSQL process's writes are counted. */
export type PostgresRole = "ours" | "shared" | "others";

/** The cluster's own processes' titles ("postgres: 15/main: checkpointer"); the postmaster's is its command line. */
const SHARED =
  /: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|archiver)\s*$/;

/**
 * Every PostgreSQL server process on this machine, by the part it plays for
 * `database`: its backends and autovacuum workers ("ours"); the cluster's
 * own processes, which work for every database (postmaster, WAL writer,
 * checkpointer, background writer, launchers: "shared"); and other
 * databases' backends ("others", which other people's tests may be running).
 */
export function postgresProcesses(database: string): Map<number, PostgresRole> {
  const found = new Map<number, PostgresRole>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let comm: string;
    let title: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      // A backend's title: "postgres: [cluster:] <user> <database> <client> <state>".
      title = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    } catch {
      continue; // gone meanwhile
    }
    if (comm !== "postgres") continue;
    if (title.split(/\s+/).includes(database)) found.set(pid, "ours");
    else if (!title.startsWith("postgres:") || SHARED.test(title)) found.set(pid, "shared");
    else found.set(pid, "others");
  }
  return found;
}
