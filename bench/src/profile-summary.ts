/**
 * Where a V8 CPU profile (`pnpm bench --profile DIR`) spent its time: the
 * functions with the most self time, and the packages they belong to.
 *
 *   node src/profile-summary.ts DIR/CPU.….cpuprofile [top]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArgument] = process.argv.slice(2);
if (!file) {
  console.error("usage: node src/profile-summary.ts FILE.cpuprofile [top]");
  process.exit(2);
}
const top = Number(topArgument ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);

/** node_modules/.pnpm/<name>@<version>/… → name; the workspace's own files by folder. */
function packageOf(url: string): string {
  const match = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.startsWith("node:")) return "node";
  const own = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return own ? `${own[1]}/${own[2]}` : url ? "other" : "(native / idle / gc)";
}

function tally(key: (node: ProfileNode) => string): [string, number][] {
  const sums = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const name = key(byId.get(id)!);
    sums.set(name, (sums.get(name) ?? 0) + micros);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const percent = (micros: number) => `${((100 * micros) / total).toFixed(1).padStart(5)}%`;
console.log(`${(total / 1e6).toFixed(1)} s sampled\n\nby package:`);
for (const [name, micros] of tally((node) => packageOf(node.callFrame.url)).slice(0, top)) {
  console.log(`${percent(micros)}  ${name}`);
}
console.log("\nby function (self time):");
for (const [name, micros] of tally(
  ({ callFrame }) =>
    `${callFrame.functionName || "(anonymous)"}  ${packageOf(callFrame.url)}:${callFrame.url.split("/").at(-1)}:${callFrame.lineNumber + 1}`,
).slice(0, top)) {
  console.log(`${percent(micros)}  ${name}`);
}
