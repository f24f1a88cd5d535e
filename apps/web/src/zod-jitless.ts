import { config } from "zod";

// Zod compiles fast object parsers with `new Function` where it may, and
// probes for that ability on first use. Under a Content-Security-Policy
// without 'unsafe-eval' the probe alone is reported as a violation. The app
// parses a handful of small payloads: the interpreter is fast enough.
config({ jitless: true });
