/**
 * How long the production web app takes to become usable on a slow link, and
 * what its bundle weighs.
 *
 *   pnpm turbo run build --filter @parley/bench^... && pnpm --filter @parley/bench page-load
 *
 * Starts the built server on a scratch database and drives Debian's Chromium
 * (playwright-core) with Chromium's own network emulation: 150 ms latency and
 * 1.6 Mbit/s (200,000 bytes/s) each way, cache empty unless said otherwise.
 * It measures, each RUNS times (the median is reported):
 *
 * - sign-in page: from navigation to the sign-in form showing and typing into it;
 * - sign-up to chat: from pressing "Create account" to the composer showing, online;
 * - returning, cold: a signed-in person opens the app with an empty cache;
 * - returning, warm: the same with the cache of an earlier visit.
 *
 * The bundle's sizes are computed here from apps/web/dist (gzip level 9,
 * brotli quality 11) whatever the server sends; "sent" is what the browser
 * received on the cold sign-in page visit, encoded, headers included.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { launch } from "./servers/launch.ts";

const { values: options } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(options.runs);

/** Chromium's network emulation: a slow mobile link. */
const SLOW_LINK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 200_000 };
const PASSWORD = "correct horse battery staple";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const webRoot = join(packageDir("@parley/web"), "dist");

interface Timings {
  signInPage: number[];
  signUpToChat: number[];
  returningCold: number[];
  returningWarm: number[];
  sentBytes: number[];
}

function bundleSizes(): { file: string; raw: number; gzip: number; brotli: number }[] {
  const assets = join(webRoot, "assets");
  return readdirSync(assets)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(join(assets, file));
      return {
        file,
        raw: content.length,
        gzip: gzipSync(content, { level: 9 }).length,
        brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    })
    .sort((a, b) => b.raw - a.raw);
}

/** A new tab on the slow link; counts the encoded bytes it receives. */
async function slowPage(context: BrowserContext): Promise<{ page: Page; received: () => number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_LINK);
  let bytes = 0;
  cdp.on("Network.loadingFinished", (event) => (bytes += event.encodedDataLength));
  return { page, received: () => bytes };
}

/** Milliseconds from now until `ready` resolves. */
async function timed(action: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  await ready();
  return Math.round(performance.now() - start);
}

/** The sign-in form is showing and takes typing (React has rendered and hydrated its handlers). */
async function signInFormUsable(page: Page): Promise<void> {
  const username = page.getByTestId("auth-username");
  await username.fill("x");
  await page.getByTestId("auth-submit").waitFor();
}

async function chatUsable(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="online"]').waitFor({ timeout: 120_000 });
  await page.getByTestId("composer-input").waitFor();
}

async function measureOnce(browser: Browser, url: string, run: number, timings: Timings): Promise<void> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 800 } });
  const { page, received } = await slowPage(context);
  timings.signInPage.push(
    await timed(
      () => page.goto("/"),
      () => signInFormUsable(page),
    ),
  );
  timings.sentBytes.push(received());

  // Sign up: the account, then the chat (and whatever it loads).
  if ((await page.getByTestId("auth-form").getAttribute("data-mode")) !== "sign-up") {
    await page.getByTestId("auth-mode-toggle").click();
  }
  await page.getByTestId("auth-username").fill(`reader${run}${Date.now() % 100_000}`);
  await page.getByTestId("auth-password").fill(PASSWORD);
  timings.signUpToChat.push(
    await timed(
      () => page.getByTestId("auth-submit").click(),
      () => chatUsable(page),
    ),
  );

  // A warm visit: this browser's cache holds what the first visit fetched.
  timings.returningWarm.push(
    await timed(
      () => page.goto("/"),
      () => chatUsable(page),
    ),
  );
  const signedIn = await context.storageState();
  await context.close();

  // A cold visit: signed in, nothing cached.
  const cold = await browser.newContext({ baseURL: url, storageState: signedIn });
  const { page: coldPage } = await slowPage(cold);
  timings.returningCold.push(
    await timed(
      () => coldPage.goto("/"),
      () => chatUsable(coldPage),
    ),
  );
  await cold.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const sizes = bundleSizes();
  console.log("bundle (apps/web/dist/assets):");
  console.log("| file | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |");
  for (const { file, raw, gzip, brotli } of sizes)
    console.log(`| ${file} | ${kb(raw)} | ${kb(gzip)} | ${kb(brotli)} |`);
  const total = (key: "raw" | "gzip" | "brotli") => sizes.reduce((sum, size) => sum + size[key], 0);
  console.log(`| all | ${kb(total("raw"))} | ${kb(total("gzip"))} | ${kb(total("brotli"))} |\n`);

  const executablePath = execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
  const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  // The bench's own launcher: the production build, its web app, a scratch database, limits raised.
  const scratch = mkdtempSync(join(tmpdir(), "parley-page-load-"));
  const server = await launch("parley", { databasePath: join(scratch, "parley.db") });
  const timings: Timings = { signInPage: [], signUpToChat: [], returningCold: [], returningWarm: [], sentBytes: [] };
  try {
    for (let run = 0; run < RUNS; run += 1) await measureOnce(browser, server.url, run, timings);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(
    `on a slow link (latency ${SLOW_LINK.latency} ms, ${SLOW_LINK.downloadThroughput} B/s), median of ${RUNS}:`,
  );
  console.log("| measured | ms | every run |\n| --- | ---: | --- |");
  const rows: [string, number[]][] = [
    ["sign-in page usable, cold cache", timings.signInPage],
    ["sign-up to chat usable", timings.signUpToChat],
    ["returning, signed in, cold cache: chat usable", timings.returningCold],
    ["returning, signed in, warm cache: chat usable", timings.returningWarm],
  ];
  for (const [name, values] of rows) console.log(`| ${name} | ${median(values)} | ${values.join(", ")} |`);
  console.log(`\nbytes received for the cold sign-in page: ${kb(median(timings.sentBytes))}`);
}

await main();
