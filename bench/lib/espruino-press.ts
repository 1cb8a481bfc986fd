// Item 5 on the real Espruino interpreter (a Linux build): relay close − deadline and the pulse's
// width for actions in a row, with a full 16-event history, so every action's save is the largest
// one. The .boot0 shim stamps each pin write with getTime(), and here also the firmware's "OK BEAT"
// reply, so every deadline is the core's own: the previous release (or the BEAT that re-armed it)
// + timeoutMs. A BEAT after every 10th action keeps them resets (resetsBeforePower=20). Where
// allowed, the interpreter runs under `chrt -a -f 50`, so the figures are the firmware's, not the
// shared machine's load.
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { basename } from "node:path";
import esp32 from "../../boards/esp32.ts";
import esp8266 from "../../boards/esp8266.ts";
import type { BoardFile } from "../../boards/types.ts";
import { EspruinoBoard } from "../../rig/espruino/interpreter.ts";
import { boot0Shim, RECORD_MARK } from "../../rig/espruino/shim.ts";
import { fillHistory } from "./espruino-ram.ts";
import { openClient } from "./board-pty.ts";
import { BenchSetupError } from "./proc.ts";
import { row, type Row } from "./result.ts";
import { builtText } from "./snapshot.ts";
import { summary } from "./stats.ts";

export const PRESS_TIMEOUT_MS = 1000;
export const PRESS_PULSE_MS = 200;
const ACTIONS_PER_BEAT = 10;
const CONFIG = [`SET timeoutMs=${PRESS_TIMEOUT_MS} pulseMs=${PRESS_PULSE_MS} bootTimeoutMs=0 warnMs=0`, "SET resetsBeforePower=20 maxAttempts=100"];

/** Stamps the firmware's BEAT reply (its deadline is this instant + timeoutMs); records.ts passes it on as output. */
const BEAT_STAMP = `global.__bkSW=Serial1.write;Serial1.write=function(d){if(String(d).indexOf("OK BEAT")===0)__bk("beat");return __bkSW.apply(Serial1,arguments);};`;

/**
 * Item 5's rows for each build: the esp8266 bundle on a build with an ESP8266's heap (≤ 1,600
 * JsVars), the esp32 bundle on a larger one.
 */
export async function pressRows(bins: string[], actions: number): Promise<Row[]> {
  if (bins.length === 0) return [row("5", "relay close − deadline on the real interpreter", 0, "ms", "not measured: no interpreter (--espruino PATH or ESPRUINO_BIN)")];
  const rows: Row[] = [];
  for (const bin of bins) {
    const vars = buildVars(bin);
    const board = vars <= 1600 ? esp8266 : esp32;
    const f = await measurePress(bin, builtText(`firmware/${board.id}.js`), board, actions);
    const c = summary(f.closeMs, 2);
    const w = summary(f.widthMs, 1);
    const how = `${board.id} bundle on ${basename(bin)} (${vars} JsVars), full history, timeoutMs=${PRESS_TIMEOUT_MS}; ${f.realtime ? "chrt -f 50" : "no chrt (not allowed): the machine's load adds outliers"}`;
    rows.push(row("5", `relay close − deadline p50 (${board.id}, ${basename(bin)})`, c.p50, "ms", `${f.closeMs.length} actions; min ${c.min} p99 ${c.p99} max ${c.max}; ${how}`));
    rows.push(row("5", `pulse width p50 (${board.id}, ${basename(bin)})`, w.p50, "ms", `pulseMs=${PRESS_PULSE_MS}; min ${w.min} max ${w.max}`));
  }
  return rows;
}

/** process.memory().total of a build: its JsVars. */
function buildVars(bin: string): number {
  const r = spawnSync(bin, ["-e", 'USB.write("\\u0001vars "+process.memory().total+"\\n");quit();'], { cwd: tmpdir(), input: "", timeout: 10000, encoding: "latin1" });
  const m = /\u0001vars (\d+)/.exec(r.stdout ?? "");
  if (m === null) throw new BenchSetupError(`${bin} did not report its JsVars: is it a Linux build of Espruino?`);
  return Number(m[1]);
}

export interface PressFigures {
  /** Relay close − deadline per action, ms. */
  closeMs: number[];
  /** Relay release − close per action, ms. */
  widthMs: number[];
  /** true if the interpreter ran under SCHED_FIFO 50. */
  realtime: boolean;
}

export async function measurePress(bin: string, bundle: string, board: BoardFile, actions: number): Promise<PressFigures> {
  const esp = await EspruinoBoard.create({ bin });
  const relay: Array<{ ms: number; closed: boolean }> = [];
  const beats: number[] = [];
  esp.onRecord((r) => {
    if (r.kind === "write" && r.pin === board.relay.pin) relay.push({ ms: r.epochMs, closed: r.level === (board.relay.activeLow ? 0 : 1) });
  });
  esp.onOutput((line) => {
    const at = line.indexOf(RECORD_MARK + "beat ");
    if (at >= 0) beats.push(Number(line.slice(at + RECORD_MARK.length + 5).trim()) * 1000);
  });
  try {
    await esp.writeFlash({ ".boot0": boot0Shim({ serialPath: esp.serial.board, extra: BEAT_STAMP }), ".bootcde": bundle });
    await esp.powerOn();
    const realtime = makeRealtime(esp.pid);
    await fillHistory(esp.serial.host);
    const client = await openClient(esp.serial.host, 3000);
    try {
      for (const line of CONFIG) await client.request(line);
      relay.length = 0;
      beats.length = 0;
      await client.request("BEAT");
      for (let done = 0; done < actions; ) {
        const block = Math.min(ACTIONS_PER_BEAT, actions - done);
        await releases(relay, done + block, block * (PRESS_TIMEOUT_MS + PRESS_PULSE_MS) + 5000);
        done += block;
        if (done < actions) await client.request("BEAT");
      }
      await client.request("DISARM");
    } finally {
      await client.close();
    }
    return { ...figures(relay, beats, actions), realtime };
  } finally {
    await esp.dispose();
  }
}

/** Waits until `count` closes have been released. */
async function releases(relay: Array<{ closed: boolean }>, count: number, limitMs: number): Promise<void> {
  const by = Date.now() + limitMs;
  while (relay.filter((e) => !e.closed).length < count) {
    if (Date.now() > by) throw new BenchSetupError(`the relay was released ${relay.filter((e) => !e.closed).length} times, not ${count}, within ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Pairs each close with its release; its deadline is the latest release or BEAT before it + timeoutMs. */
function figures(relay: Array<{ ms: number; closed: boolean }>, beats: number[], actions: number): { closeMs: number[]; widthMs: number[] } {
  const closeMs: number[] = [];
  const widthMs: number[] = [];
  for (let i = 0; i + 1 < relay.length; i += 2) {
    const close = relay[i];
    const open = relay[i + 1];
    if (!close.closed || open.closed) throw new BenchSetupError(`relay edge ${i} is not a close followed by a release`);
    const armedAt = Math.max(i > 0 ? relay[i - 1].ms : -Infinity, ...beats.filter((b) => b < close.ms));
    closeMs.push(close.ms - armedAt - PRESS_TIMEOUT_MS);
    widthMs.push(open.ms - close.ms);
  }
  if (closeMs.length !== actions) throw new BenchSetupError(`expected ${actions} presses, saw ${closeMs.length}`);
  return { closeMs, widthMs };
}

/** SCHED_FIFO 50 for every thread of the interpreter, where this user may (root, CAP_SYS_NICE). */
function makeRealtime(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  const r = spawnSync("chrt", ["-a", "-f", "-p", "50", String(pid)], { stdio: "ignore" });
  return r.status === 0;
}
