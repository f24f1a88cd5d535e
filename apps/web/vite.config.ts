import react from "@vitejs/plugin-react";
import { constants } from "node:zlib";
import { defaultClientConditions } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";
import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

/** Where `pnpm dev` forwards API, realtime and health traffic: the server's default port. */
const serverUrl = process.env.PARLEY_SERVER_URL ?? "http://localhost:3000";

const appConfig = defineConfig({
  plugins: [
    react(),
    // A brotli and a gzip copy beside each text file of the build, at the
    // highest levels (compressed once, served many times; the server picks one
    // by Accept-Encoding). Files under 1 KiB are not worth a second request's
    // worth of header bytes saved.
    compression({
      algorithms: [
        defineAlgorithm("brotliCompress", { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm("gzip", { level: 9 }),
      ],
      threshold: 1024,
    }),
  ],
  // Bundle the workspace packages from their TypeScript sources, so the app
  // never ships a stale dist/ of @parley/client or @parley/protocol.
  resolve: { conditions: ["@parley/source", ...defaultClientConditions] },
  server: {
    // Same origin in development as in production: the client connects to the
    // page's own origin and Vite forwards to the server. The Host header stays
    // the page's, so the server's same-origin check and the session cookie
    // (SameSite=Strict) work as in production.
    proxy: {
      "/api": { target: serverUrl },
      "/socket.io": { target: serverUrl, ws: true },
      "/healthz": { target: serverUrl },
    },
  },
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and zod change with our upgrades, not with every deploy of
            // the app: a chunk of their own stays in browsers' caches.
            { name: "vendor", test: /[\\/]node_modules[\\/](react|react-dom|scheduler|zod)[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});

// The shared config brings the test reporters (a JSON report on CI). Its
// resolve conditions are the ones above; mergeConfig would list them twice.
export default mergeConfig({ ...sharedConfig, resolve: {} }, appConfig);
