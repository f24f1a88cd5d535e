import { expect, it } from "vitest";
import { listenUrl } from "./listen-url.js";

it.for([
  [undefined, "http://localhost:3000"],
  ["0.0.0.0", "http://localhost:3000"],
  ["::", "http://localhost:3000"],
  ["127.0.0.1", "http://127.0.0.1:3000"],
  ["::1", "http://[::1]:3000"],
  ["chat.example.com", "http://chat.example.com:3000"],
] as const)("HOST=%s is opened as %s", ([host, url]) => {
  expect(listenUrl(host, 3000)).toBe(url);
});
