import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { Router } from "express";
import expressStaticGzip from "express-static-gzip";

/** Vite puts a content hash in every file name under assets/: they never change. */
const immutable = "public, max-age=31536000, immutable";
/** Everything else (index.html above all) is checked on each load, so a deploy shows at once. */
const revalidate = "no-cache";

/**
 * Serves the built browser app, with index.html for every other page path so
 * that client-side routes survive a reload. Null when there is no build (in
 * development Vite serves the app).
 *
 * The build writes a brotli (.br) and a gzip (.gz) copy beside each file
 * worth compressing; the browser's Accept-Encoding picks one (brotli first),
 * with `Vary: Accept-Encoding` so that caches keep them apart. Compressing
 * once at build time, at the highest levels, costs the server nothing per
 * request; a client that asks for neither gets the file as it is.
 */
export function webAppRouter(webRoot: string): Router | null {
  const indexHtml = join(webRoot, "index.html");
  if (!existsSync(indexHtml)) return null;
  const assets = join(webRoot, "assets") + sep;
  return Router()
    .use(
      expressStaticGzip(webRoot, {
        enableBrotli: true,
        orderPreference: ["br", "gzip"],
        serveStatic: {
          cacheControl: false,
          setHeaders: (response, path) =>
            response.setHeader("Cache-Control", path.startsWith(assets) ? immutable : revalidate),
        },
      }),
    )
    .get("/{*page}", (_request, response) => {
      response.setHeader("Cache-Control", revalidate);
      response.sendFile(indexHtml);
    });
}
