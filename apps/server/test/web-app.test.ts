import { request } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, loadConfig, type App } from "../src/app.js";
import { scratchDir } from "./harness.js";

/** What the build writes: the script, and beside it its brotli and gzip versions. */
const script = "console.log('the app');".repeat(200);
const IMMUTABLE = "public, max-age=31536000, immutable";

let dir: ReturnType<typeof scratchDir>;
let app: App;
let url: string;

beforeEach(async () => {
  dir = scratchDir();
  mkdirSync(`${dir.path}/web/assets`, { recursive: true });
  writeFileSync(`${dir.path}/web/index.html`, '<!doctype html><div id="root"></div>');
  writeFileSync(`${dir.path}/web/assets/app-1a2b3c.js`, script);
  writeFileSync(`${dir.path}/web/assets/app-1a2b3c.js.br`, brotliCompressSync(script));
  writeFileSync(`${dir.path}/web/assets/app-1a2b3c.js.gz`, gzipSync(script));
  // An asset the build did not compress (too small to pay): served as it is.
  writeFileSync(`${dir.path}/web/assets/tiny-4d5e6f.css`, "a{}");
  app = await createApp(
    loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: `${dir.path}/p.db`,
      LOG_LEVEL: "silent",
      WEB_ROOT: `${dir.path}/web`,
    }),
  );
  url = `http://127.0.0.1:${(await app.listen()).port}`;
});
afterEach(async () => {
  await app.close();
  dir.cleanup();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as sent, not decoded (fetch would decode them). */
  body: Buffer;
}

/** A GET that says exactly which encodings it accepts, none if `acceptEncoding` is undefined. */
function get(path: string, acceptEncoding?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding };
    request(`${url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

it("serves the app's page, revalidated on every load", async () => {
  const response = await fetch(`${url}/`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-cache");
  expect(await response.text()).toContain('<div id="root">');
});

it("serves the page for client-side routes too", async () => {
  const response = await fetch(`${url}/some/deep/link`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-cache");
  expect(await response.text()).toContain('<div id="root">');
});

it("lets browsers keep hashed assets for good", async () => {
  const response = await fetch(`${url}/assets/app-1a2b3c.js`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe(IMMUTABLE);
});

describe("a hashed asset built with compressed versions", () => {
  it("goes out as brotli to a browser that accepts it", async () => {
    const response = await get("/assets/app-1a2b3c.js", "gzip, deflate, br, zstd");
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["cache-control"]).toBe(IMMUTABLE);
    expect(Number(response.headers["content-length"])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(script.length);
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it("goes out as gzip to a client that accepts gzip only", async () => {
    const response = await get("/assets/app-1a2b3c.js", "gzip");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(response.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["cache-control"]).toBe(IMMUTABLE);
    expect(gunzipSync(response.body).toString()).toBe(script);
  });

  it("goes out as gzip when brotli is refused with q=0", async () => {
    const response = await get("/assets/app-1a2b3c.js", "br;q=0, gzip");
    expect(response.headers["content-encoding"]).toBe("gzip");
  });

  it.for([
    ["no Accept-Encoding", undefined],
    ["identity", "identity"],
    ["an encoding the build did not write", "zstd"],
  ] as const)("goes out as it is for %s, still marked as varying", async ([, acceptEncoding]) => {
    const response = await get("/assets/app-1a2b3c.js", acceptEncoding);
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["cache-control"]).toBe(IMMUTABLE);
    expect(response.body.toString()).toBe(script);
  });
});

it("serves an asset without compressed versions as it is", async () => {
  const response = await get("/assets/tiny-4d5e6f.css", "gzip, br");
  expect(response.status).toBe(200);
  expect(response.headers["content-encoding"]).toBeUndefined();
  expect(response.headers["cache-control"]).toBe(IMMUTABLE);
  expect(response.body.toString()).toBe("a{}");
});

it("leaves /healthz to the health check", async () => {
  expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: "ok" });
});
