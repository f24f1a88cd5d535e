import { isIPv6 } from "node:net";

/** Addresses that mean "every interface": a browser on this machine reaches them as localhost. */
const EVERY_INTERFACE = new Set(["0.0.0.0", "::", "[::]"]);

/** The address to open in a browser for a server listening on `host` (unset: every interface) and `port`. */
export function listenUrl(host: string | undefined, port: number): string {
  if (host === undefined || EVERY_INTERFACE.has(host)) return `http://localhost:${port}`;
  return `http://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}
