// First: configures Zod before any schema parses.
import "./zod-jitless.js";
import { createAuthApi } from "@parley/client";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import "./styles.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");

// Same origin: Vite's proxy in development, the server itself in production.
const api = createAuthApi();

createRoot(root).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
