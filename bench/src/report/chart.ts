import { P99_LIMIT_MS } from "../plan.ts";
import type { FanOutResult } from "../scenarios/fan-out.ts";
import { serverName, type ServerKind } from "../servers/launch.ts";
import type { Machine } from "./results.ts";

const WIDTH = 860;
const HEIGHT = 520;
const PLOT = { left: 80, right: 220, top: 60, bottom: 60 };
const COLORS: Record<ServerKind, string> = { parley: "#7c3aed", socketio: "#0891b2", ws: "#9ca3af" };
const PARLEY_ON_POSTGRES = "#db2777";
const DASHES = ["", "7 5", "2 4"];
/** p99 axis, log scale, in milliseconds. */
const Y_MIN = 0.5;
const Y_MAX = 5000;

/**
 * Delivery rate against p99 latency for each server and room size, one line
 * per ladder, as an SVG: x is messages delivered per second, y is p99 on a
 * log scale, with the 50 ms limit drawn across.
 */
export function fanOutChart(results: FanOutResult[], machine: Machine, mode: string): string {
  const xMax = niceCeiling(Math.max(1, ...results.flatMap((r) => r.ladder.steps.map((s) => s.deliveredPerSecond))));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (value: number) => PLOT.left + (value / xMax) * plotWidth;
  const y = (ms: number) => {
    const clamped = Math.min(Y_MAX, Math.max(Y_MIN, ms));
    return PLOT.top + (1 - Math.log10(clamped / Y_MIN) / Math.log10(Y_MAX / Y_MIN)) * plotHeight;
  };
  const sizes = [...new Set(results.map((r) => r.receivers))];
  const parts: string[] = [];

  for (let i = 0; i <= 5; i++) {
    const value = (xMax * i) / 5;
    parts.push(
      `<line x1="${x(value)}" y1="${PLOT.top}" x2="${x(value)}" y2="${PLOT.top + plotHeight}" stroke="#eee"/>`,
      `<text x="${x(value)}" y="${PLOT.top + plotHeight + 20}" text-anchor="middle">${format(value)}</text>`,
    );
  }
  for (const ms of [1, 10, 100, 1000]) {
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(ms)}" x2="${PLOT.left + plotWidth}" y2="${y(ms)}" stroke="#eee"/>`,
      `<text x="${PLOT.left - 8}" y="${y(ms) + 4}" text-anchor="end">${ms}</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT.left}" y1="${y(P99_LIMIT_MS)}" x2="${PLOT.left + plotWidth}" y2="${y(P99_LIMIT_MS)}" stroke="#dc2626" stroke-dasharray="4 3"/>`,
    `<text x="${PLOT.left + plotWidth - 4}" y="${y(P99_LIMIT_MS) - 6}" text-anchor="end" fill="#dc2626">p99 limit, ${P99_LIMIT_MS} ms</text>`,
  );

  results.forEach((result, i) => {
    const color = result.engine === "postgres" ? PARLEY_ON_POSTGRES : COLORS[result.server];
    const dash = DASHES[sizes.indexOf(result.receivers) % DASHES.length]!;
    const points = result.ladder.steps.map((s) => `${x(s.deliveredPerSecond).toFixed(1)},${y(s.p99).toFixed(1)}`);
    parts.push(
      `<polyline points="${points.join(" ")}" fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}"/>`,
      ...result.ladder.steps.map(
        (s) => `<circle cx="${x(s.deliveredPerSecond).toFixed(1)}" cy="${y(s.p99).toFixed(1)}" r="3" fill="${color}"/>`,
      ),
    );
    const legendY = PLOT.top + 10 + i * 22;
    const legendX = PLOT.left + plotWidth + 20;
    parts.push(
      `<line x1="${legendX}" y1="${legendY}" x2="${legendX + 28}" y2="${legendY}" stroke="${color}" stroke-width="2" stroke-dasharray="${dash}"/>`,
      `<text x="${legendX + 36}" y="${legendY + 4}">${serverName({ kind: result.server, engine: result.engine ?? null })}, N = ${result.receivers}</text>`,
    );
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${PLOT.left}" y="24" font-size="16" font-weight="600">Fan-out: delivery rate vs p99 latency (${mode} mode)</text>`,
    `<text x="${PLOT.left}" y="42" fill="#555">${escapeXml(`${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; server and load generator on the same machine`)}</text>`,
    ...parts,
    `<text x="${PLOT.left + plotWidth / 2}" y="${HEIGHT - 14}" text-anchor="middle">messages delivered per second</text>`,
    `<text transform="translate(20 ${PLOT.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">p99 latency, ms (log)</text>`,
    `</svg>`,
    "",
  ].join("\n");
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((candidate) => candidate >= value)!;
}

const format = (value: number) => (value >= 1000 ? `${value / 1000}k` : String(value));

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
