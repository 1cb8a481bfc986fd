// The core's Flash interface over Espruino's Storage. require("Storage") is called here, directly:
// importing it through rollup left Storage.write undefined (espruino-dialect.md). Storage is a
// journal (every write appends), so when free space runs low it is compacted before writing.
/* eslint-disable @typescript-eslint/no-require-imports -- Espruino needs the direct call */
import type { Flash } from "../core/persist.ts";

/** Compact when less than this many bytes plus the record would be left. */
export const MIN_FREE_BYTES = 2048;

export function storageFlash(): Flash {
  const storage = require("Storage");
  return {
    read(name: string): string | undefined {
      return storage.read(name);
    },
    write(name: string, text: string): boolean {
      try {
        if (storage.getFree() < text.length + MIN_FREE_BYTES) storage.compact();
        return storage.write(name, text) !== false;
      } catch {
        return false;
      }
    },
    erase(name: string): void {
      storage.erase(name);
    },
  };
}
