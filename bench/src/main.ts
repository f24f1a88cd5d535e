/**
 * `pnpm bench`: Parley, the tutorial's bare Socket.IO chat and a raw ws
 * broadcast server, measured side by side in one run on this machine.
 *
 *   pnpm bench                  quick mode, under three minutes
 *   pnpm bench --full           the full run that the README publishes
 *   pnpm bench --only fan-out   some scenarios: fan-out, many-rooms, density, storage, sdk
 *   pnpm bench --servers parley  some servers: parley, socketio, ws
 *   pnpm bench --engines sqlite  Parley's stores: sqlite, postgres (both unless told); PostgreSQL
 *                               runs the storage scenario and the first fan-out one, on a scratch
 *                               database (BENCH_POSTGRES_URL, default root@127.0.0.1:5432)
 *   pnpm bench --preload N      store N messages before the storage scenario measures (a grown database)
 *   pnpm bench --profile DIR    also write Parley's V8 CPU profiles (node --cpu-prof) into DIR
 *
 * Writes bench/results/<mode>.json (every figure), <mode>.md (the table) and
 * <mode>.svg (delivery rate vs p99).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { plans } from "./plan.ts";
import { fanOutChart } from "./report/chart.ts";
import { CLIENTS_USED, thisMachine, type Results } from "./report/results.ts";
import { resultsTable } from "./report/table.ts";
import { BenchContext } from "./scenarios/context.ts";
import { density } from "./scenarios/density.ts";
import { fanOut } from "./scenarios/fan-out.ts";
import { manyRooms } from "./scenarios/many-rooms.ts";
import { storage } from "./scenarios/storage.ts";
import { ENGINES } from "./servers/engines.ts";
import { SERVER_KINDS } from "./servers/launch.ts";
import type { Target } from "./scenarios/rig.ts";

const SCENARIOS = ["fan-out", "many-rooms", "density", "storage", "sdk"] as const;

const { values } = parseArgs({
  options: {
    full: { type: "boolean", default: false },
    only: { type: "string" },
    servers: { type: "string" },
    profile: { type: "string" },
    engines: { type: "string" },
    preload: { type: "string", default: "0" },
  },
});
const servers = values.servers?.split(",").map((name) => name.trim()) ?? [...SERVER_KINDS];
const only = values.only?.split(",").map((name) => name.trim());
const engineNames = values.engines?.split(",").map((name) => name.trim()) ?? [...ENGINES];
const unknown = [
  ...(only?.filter((name) => !(SCENARIOS as readonly string[]).includes(name)) ?? []),
  ...servers.filter((name) => !(SERVER_KINDS as readonly string[]).includes(name)),
  ...engineNames.filter((name) => !(ENGINES as readonly string[]).includes(name)),
];
if (unknown.length > 0) {
  console.error(
    `Unknown ${unknown.join(", ")}: the scenarios are ${SCENARIOS.join(", ")}; the servers ${SERVER_KINDS.join(", ")}; the engines ${ENGINES.join(", ")}`,
  );
  process.exit(2);
}
const preload = Number(values.preload);
if (!Number.isInteger(preload) || preload < 0) {
  console.error(`--preload takes a count of messages, not ${values.preload}`);
  process.exit(2);
}
const partial = only !== undefined || values.servers !== undefined || values.engines !== undefined || preload > 0;
const runs = (scenario: (typeof SCENARIOS)[number]) => !only || only.includes(scenario);
const kinds = SERVER_KINDS.filter((kind) => servers.includes(kind));
const engines = ENGINES.filter((engine) => engineNames.includes(engine));

const plan = plans[values.full ? "full" : "quick"];
const profileDir = values.profile ? resolve(values.profile) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const bench = new BenchContext(plan, profileDir);
const log = (line: string) => console.log(line);
const results: Results = {
  mode: plan.mode,
  startedAt: new Date().toISOString(),
  finishedAt: "",
  machine: thisMachine(),
  plan,
  clients: CLIENTS_USED,
  fanOut: [],
  manyRooms: [],
  density: [],
  storage: null,
  sdk: null,
};

try {
  if (runs("fan-out")) {
    for (const [i, { clients, rates }] of plan.fanOut.entries()) {
      const targets = kinds.flatMap((kind): Target[] =>
        // Parley on SQLite, and in the first room size on PostgreSQL too.
        kind === "parley"
          ? engines.filter((engine) => engine === "sqlite" || i === 0).map((engine) => ({ kind, engine }))
          : [{ kind }],
      );
      results.fanOut.push(...(await fanOut(bench, targets, clients, rates, log)));
    }
  }
  if (runs("many-rooms") && plan.manyRooms) {
    results.manyRooms = await manyRooms(bench, kinds, log);
  }
  if (runs("density")) {
    log(`density: ${plan.density.levels.join(", ")} idle connections, then a storm of ${plan.density.storm}`);
    for (const kind of kinds) results.density.push(await density(bench, kind, log));
  }
  if (runs("storage") && kinds.includes("parley")) results.storage = await storage(bench, engines, preload, log);
  if (runs("sdk") && plan.sdk && kinds.includes("parley")) {
    results.sdk =
      (await fanOut(bench, [{ kind: "parley" }], plan.sdk.clients, plan.sdk.rates, log, "parley-sdk"))[0] ?? null;
  }
} finally {
  await bench.dispose();
}

results.finishedAt = new Date().toISOString();
const outDir = new URL("../results/", import.meta.url);
mkdirSync(outDir, { recursive: true });
const name = partial ? `${plan.mode}-partial` : plan.mode;
const table = resultsTable(results);
writeFileSync(new URL(`${name}.json`, outDir), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL(`${name}.md`, outDir), `${table}\n`);
if (results.fanOut.length > 0) {
  writeFileSync(new URL(`${name}.svg`, outDir), fanOutChart(results.fanOut, results.machine, plan.mode));
}
console.log(`\n${table}`);
console.log(`Written to bench/results/${name}.{json,md${results.fanOut.length > 0 ? ",svg" : ""}}`);
