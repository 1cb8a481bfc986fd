// V8 heap sizing for the long-running service (`banken run`), set when the service starts so every way
// of starting it (systemd unit, a shell, a test) gets it. Why, measured at 1 beat/s with 5 checks
// (docs/performance.md, item 2): every round allocates ~270 KiB (a child process with three pipe
// sockets for the command check, an AbortController per check), a scavenge every 3-4 s promotes
// ~80 KiB of it, and that garbage piles up in old space (~35 KiB/s) until V8's next full GC, which
// came only after ~7.5 MiB of growth (2.9 -> 10.3 MiB): RSS climbed 48 -> 61 MiB over ~4 minutes and
// then stayed (the old-space pages stay committed). Not a leak: with a full GC every 10 s the live heap
// stays at 4.7 MiB. --optimize-for-size makes V8 collect and compact the old generation much sooner
// (10-minute bench: RSS 48.9 -> 56.1 MiB, flat within 54-57 MiB from 1.5 min on) for the same CPU.
// The flag is read by the GC at run time, so setting it after start-up works; it is set only for
// `run`, never for the one-shot commands (item 1's start-up cost).
import { setFlagsFromString } from "node:v8";

/** V8 options for the service. setFlagsFromString does not throw on a misspelt one (it only prints a line): a test checks them. */
export const SERVICE_V8_FLAGS: readonly string[] = ["--optimize-for-size"];

export function tuneHeapForService(set: (flag: string) => void = setFlagsFromString): void {
  for (const flag of SERVICE_V8_FLAGS) set(flag);
}
