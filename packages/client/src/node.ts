/// <reference types="node" />
// eslint-disable-next-line no-restricted-imports -- the Node-only entry point, @parley/client/node
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseOutbox, type OutboxStorage } from "./outbox.js";

/**
 * The outbox in a JSON file, for Node (a CLI, a bot): unconfirmed messages
 * survive a restart. Written to a temporary file and renamed over the old
 * one, so a crash mid-write never leaves half a file.
 */
export function fileOutbox(path: string): OutboxStorage {
  return {
    load() {
      try {
        return parseOutbox(JSON.parse(readFileSync(path, "utf8")));
      } catch {
        // None yet, or unreadable: start empty rather than refuse to run.
        return [];
      }
    },
    save(entries) {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(entries));
      renameSync(temporary, path);
    },
  };
}
