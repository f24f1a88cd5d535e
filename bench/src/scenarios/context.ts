import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Peer } from "../load/clients.ts";
import type { Plan } from "../plan.ts";
import { launch, type RunningServer, type ServerKind } from "../servers/launch.ts";
import { ParleyAccounts } from "../servers/parley-accounts.ts";

/** What every scenario of one run shares: the plan, and Parley's database and accounts. */
export class BenchContext {
  private readonly scratch = mkdtempSync(join(tmpdir(), "parley-bench-"));
  readonly accounts = new ParleyAccounts();

  readonly plan: Plan;
  /** Where Parley writes CPU profiles, when profiling. */
  readonly cpuProfileDir: string | undefined;

  constructor(plan: Plan, cpuProfileDir?: string) {
    this.plan = plan;
    this.cpuProfileDir = cpuProfileDir;
  }

  /** One database for the whole run, so accounts and rooms are made once. */
  get databasePath(): string {
    return join(this.scratch, "parley.db");
  }

  launch(kind: ServerKind): Promise<RunningServer> {
    return launch(kind, {
      databasePath: this.databasePath,
      cpuProfileDir: kind === "parley" ? this.cpuProfileDir : undefined,
    });
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
    const grants = (await this.accounts.take(server.url, first + distinct)).slice(first);
    return Array.from({ length: count }, (_, i) => {
      const grant = grants[i % distinct]!;
      return { user: grant.user, token: grant.token, rooms: roomsOf(i) };
    });
  }

  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
