// What one flash save costs on the board, seen from the host: a SET that changes a value saves (the
// config and a `config` history event, firmware/core/watchdog.ts) before it replies; a STATUS does
// not. The difference of their round trips is the save: checksumming the newest slot and the new
// record (firmware/core/persist.ts), JSON, the Storage write. It matters because an action saves
// before its relay pulse starts, so on a slow interpreter the pulse starts that much after the
// deadline (item 5). The simulator does not model how fast Espruino runs code, so there the figure is
// only the path; `npm run bench -- --port PATH` measures a real board. The SET is undone by a second
// one: the board keeps its config, and its history gains two `config` events.
import type { BoardClient } from "../../host-agent/src/protocol/client.ts";
import { openClient } from "./board-pty.ts";
import { BenchSetupError } from "./proc.ts";
import { median } from "./stats.ts";

export interface SaveCost {
  /** Median STATUS round trip (no save), ms. */
  statusMs: number;
  /** Mean round trip of the two saving SETs, ms. */
  saveSetMs: number;
  /** saveSetMs − statusMs. */
  saveMs: number;
}

const STATUS_SAMPLES = 7;
/** A real board can take seconds for a save: far longer than a STATUS. */
const REPLY_TIMEOUT_MS = 15000;

async function timed(client: BoardClient, line: string): Promise<number> {
  const started = performance.now();
  await client.request(line);
  return performance.now() - started;
}

export async function measureSaveCost(path: string): Promise<SaveCost> {
  const client = await openClient(path, REPLY_TIMEOUT_MS);
  try {
    const original = Number((await client.request("GET warnMs")).fields.warnMs);
    if (!Number.isInteger(original)) throw new BenchSetupError(`${path}: GET warnMs gave no number`);
    const status: number[] = [];
    for (let i = 0; i < STATUS_SAMPLES; i++) status.push(await timed(client, "STATUS"));
    // One ms off keeps warnMs in range whatever the config (warnMs <= timeoutMs − 1000 still holds).
    const changed = original > 0 ? original - 1 : 1;
    const there = await timed(client, `SET warnMs=${changed}`);
    const back = await timed(client, `SET warnMs=${original}`);
    const statusMs = median(status);
    const saveSetMs = (there + back) / 2;
    return { statusMs, saveSetMs, saveMs: saveSetMs - statusMs };
  } finally {
    await client.close();
  }
}
