// The record the firmware starts from, read from the board's Storage with the native E.CRC32
// (core/persist.ts does the reading; this names the Espruino globals it needs).
/* eslint-disable @typescript-eslint/no-require-imports -- Espruino needs the direct call */
import { loadState } from "../core/persist.ts";
import type { LoadResult } from "../core/persist.ts";

export function loadFromFlash(): LoadResult {
  return loadState(require("Storage"), E.CRC32);
}
