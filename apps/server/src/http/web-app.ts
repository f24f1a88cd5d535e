import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { Router } from "express";

/**
 * Serves the built browser app, with index.html for every other page path so
 * that client-side routes survive a reload. Null when there is no build (in
 * development Vite serves the app).
 */
export function webAppRouter(webRoot: string): Router | null {
  const indexHtml = join(webRoot, "index.html");
  if (!existsSync(indexHtml)) return null;
  return Router()
    .use(express.static(webRoot, { index: "index.html", maxAge: "1h" }))
    .get("/{*page}", (_request, response) => response.sendFile(indexHtml));
}
