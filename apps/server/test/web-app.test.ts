import { mkdirSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createApp, loadConfig, type App } from "../src/app.js";
import { scratchDir } from "./harness.js";

let dir: ReturnType<typeof scratchDir>;
let app: App;
let url: string;

beforeEach(async () => {
  dir = scratchDir();
  mkdirSync(`${dir.path}/web/assets`, { recursive: true });
  writeFileSync(`${dir.path}/web/index.html`, '<!doctype html><div id="root"></div>');
  writeFileSync(`${dir.path}/web/assets/app-1a2b3c.js`, "console.log(1)");
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

it("serves the app's page, revalidated on every load", async () => {
  const response = await fetch(`${url}/`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-cache");
  expect(await response.text()).toContain('<div id="root">');
});

it("serves the page for client-side routes too", async () => {
  const response = await fetch(`${url}/some/deep/link`);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<div id="root">');
});

it("lets browsers keep hashed assets for good", async () => {
  const response = await fetch(`${url}/assets/app-1a2b3c.js`);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
});

it("leaves /healthz to the health check", async () => {
  expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: "ok" });
});
