import { P99_LIMIT_MS } from "../plan.ts";
import type { Step } from "../scenarios/ladder.ts";
import { ENGINE_NAMES } from "../servers/engines.ts";
import { SERVER_KINDS, SERVER_NAMES, type ServerKind } from "../servers/launch.ts";
import type { Results } from "./results.ts";

/** The results as Markdown: every figure, and Parley's ratios to the other two. */
export function resultsTable(results: Results): string {
  const { machine } = results;
  const lines = [
    `# Parley benchmark (${results.mode} mode)`,
    "",
    `${results.startedAt}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}.`,
    results.clients,
    "",
  ];

  if (results.fanOut.length > 0 || results.manyRooms.length > 0) {
    lines.push(
      `## Fan-out: the highest delivery rate whose p99 stays under ${P99_LIMIT_MS} ms`,
      "",
      "| scenario | server | sends/s | delivered/s | p50 ms | p95 ms | p99 ms | server cores | receivers busy | host stole | × bare Socket.IO | × raw ws |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    const groups = [
      ...[...new Set(results.fanOut.map((result) => result.receivers))].map((n) => ({
        name: `one room of ${n}`,
        of: (kind: ServerKind) =>
          results.fanOut.find((r) => r.receivers === n && r.server === kind && r.engine !== "postgres")?.ladder.best,
        onPostgres: results.fanOut.find((r) => r.receivers === n && r.engine === "postgres"),
      })),
      ...(results.manyRooms.length > 0
        ? [
            {
              name: `${results.manyRooms[0]!.rooms} rooms of ${results.manyRooms[0]!.perRoom}`,
              of: (kind: ServerKind) => results.manyRooms.find((r) => r.server === kind)?.ladder.best,
              onPostgres: undefined,
            },
          ]
        : []),
    ];
    for (const group of groups) {
      const bare = group.of("socketio");
      const ws = group.of("ws");
      for (const kind of SERVER_KINDS) {
        if (!results.fanOut.some((r) => r.server === kind) && !results.manyRooms.some((r) => r.server === kind))
          continue;
        const best = group.of(kind);
        const ratios = kind === "parley" ? [ratio(best, bare), ratio(best, ws)] : ["", ""];
        lines.push(`| ${group.name} | ${SERVER_NAMES[kind]} | ${stepCells(best)} | ${ratios.join(" | ")} |`);
        if (kind === "parley" && group.onPostgres) {
          const best = group.onPostgres.ladder.best;
          lines.push(
            `| ${group.name} | Parley on PostgreSQL | ${stepCells(best)} | ${ratio(best, bare)} | ${ratio(best, ws)} |`,
          );
        }
      }
    }
    if (results.sdk) {
      const best = results.sdk.ladder.best;
      lines.push(
        `| one room of ${results.sdk.receivers}, @parley/client receivers | Parley | ${stepCells(best)} | | |`,
      );
    }
    lines.push("");
  }

  if (results.density.length > 0) {
    lines.push(
      "## Connection density: server memory per idle connection (after a last-resort GC, above the idle server)",
      "",
      "| connections | server | RSS MB | heap MB | RSS KB / conn | heap KB / conn | Parley RSS / bare | Parley heap / bare |",
      "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    const parley = results.density.find((result) => result.server === "parley");
    const bare = results.density.find((result) => result.server === "socketio");
    for (const [i, level] of (parley ?? results.density[0]!).levels.entries()) {
      for (const result of results.density) {
        const at = result.levels[i];
        if (!at) continue;
        const bareAt = bare?.levels[i];
        const ratios =
          result.server === "parley" && bareAt
            ? [
                fixed(at.rssPerConnection / bareAt.rssPerConnection, 2),
                fixed(at.heapPerConnection / bareAt.heapPerConnection, 2),
              ]
            : ["", ""];
        lines.push(
          `| ${level.connections} | ${SERVER_NAMES[result.server]} | ${fixed(at.rssBytes / 2 ** 20, 1)} | ${fixed(at.heapUsedBytes / 2 ** 20, 1)} | ` +
            `${fixed(at.rssPerConnection / 1024, 1)} | ${fixed(at.heapPerConnection / 1024, 1)} | ${ratios.join(" | ")} |`,
        );
      }
    }
    lines.push(
      "",
      "| reconnect storm | server | all connected in ms | connections/s |",
      "| ---: | --- | ---: | ---: |",
      ...results.density.map(
        (result) =>
          `| ${result.storm.clients} | ${SERVER_NAMES[result.server]} | ${Math.round(result.storm.ms)} | ${Math.round(result.storm.perSecond)} |`,
      ),
      "",
    );
  }

  if (results.storage && results.storage.runs.length > 0) {
    const { runs } = results.storage;
    const first = runs[0]!;
    const kb = (bytes: number, messages: number) => fixed(bytes / 1024 / Math.max(1, messages), 1);
    lines.push(
      "## Storage: durable commits",
      "",
      `${first.lanes} sends in flight for ${first.durationMs / 1000} s on a database of its own per engine` +
        (first.preloaded > 0 ? `, grown to ${first.preloaded} messages first` : "") +
        ". Each ack follows its commit on disk (SQLite: the WAL fsynced; PostgreSQL: synchronous_commit). " +
        "Bytes: `write_bytes` of /proc/<pid>/io over the window and the checkpoint after it, per message acknowledged: " +
        "the Parley server, plus for PostgreSQL its backends for the benchmark's database and the cluster's own processes " +
        "(WAL writer, checkpointer, background writer, postmaster; other databases' backends not counted).",
      "",
      "| engine | messages/s | ack p50 ms | ack p99 ms | ack max ms | KB written / message | of which server | of which database server | server read from disk MB | loop delay p99 ms | server cores | database MB |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...runs.map((run) =>
        [
          `| ${ENGINE_NAMES[run.engine]}`,
          Math.round(run.perSecond),
          fixed(run.ackP50Ms, 1),
          fixed(run.ackP99Ms, 1),
          fixed(run.ackMaxMs, 1),
          kb(run.written.total, run.acknowledged),
          kb(run.written.server, run.acknowledged),
          kb(run.written.databaseBackends + run.written.databaseShared, run.acknowledged),
          fixed(run.serverReadBytes / 2 ** 20, 1),
          fixed(run.loopDelayP99Ms, 1),
          fixed(run.serverCores, 2),
          `${fixed(run.databaseBytes / 2 ** 20, 1)} |`,
        ].join(" | "),
      ),
      "",
    );
  }
  return lines.join("\n");
}

function stepCells(step: Step | null | undefined): string {
  if (!step) return "none passed | | | | | | | ";
  return [
    step.rate,
    Math.round(step.deliveredPerSecond),
    fixed(step.p50, 1),
    fixed(step.p95, 1),
    fixed(step.p99, 1),
    fixed(step.serverCores, 2),
    fixed(step.receiversBusy, 2),
    fixed(step.stolenCores, 2),
  ].join(" | ");
}

function ratio(a: Step | null | undefined, b: Step | null | undefined): string {
  return a && b ? `${fixed(a.deliveredPerSecond / b.deliveredPerSecond, 2)}×` : "";
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
