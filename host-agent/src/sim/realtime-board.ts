// A simulated banken board in real time on stdin/stdout, for socat to put behind a pty:
//   socat pty,raw,echo=0,link=/tmp/banken-tty EXEC:"node --import tsx realtime-board.ts --board esp32"
// The board (hil-tests/sim: the built bundle in a virtual Espruino, flash, REPL) runs on the
// simulator's virtual clock, paced to the wall clock. stdin/stdout are its USB serial port; each
// pin change of the relay, power relay and LED, and each line either way, is one line on stderr
// (events.ts), which socat passes through to whoever started it. "ready" on stderr once it listens.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import esp32 from "../../../boards/esp32.ts";
import esp8266 from "../../../boards/esp8266.ts";
import pico from "../../../boards/pico.ts";
import type { BoardFile, OutputPin } from "../../../boards/types.ts";
import { VirtualClock } from "../../../hil-tests/sim/clock.ts";
import { SimBoard } from "../../../hil-tests/sim/espruino/board.ts";
import { LineSplitter } from "../../../hil-tests/sim/lines.ts";
import { formatEvent, type SimEvent, type SimSignal } from "./events.ts";
import { repoRoot } from "./root.ts";

const BOARDS: Record<string, BoardFile> = { esp32, esp8266, pico };
/** How often the virtual clock catches up with the wall clock. */
const TICK_MS = 5;

const { values } = parseArgs({ options: { board: { type: "string", default: "esp32" }, bundle: { type: "string" } } });
const file = BOARDS[values.board ?? "esp32"];
if (file === undefined) {
  process.stderr.write(`unknown board "${values.board}" (esp32, esp8266, pico)\n`);
  process.exit(2);
}
const bundlePath = values.bundle ?? `${repoRoot()}/dist/firmware/${file.id}.js`;
const clock = new VirtualClock();
const board = new SimBoard({ clock, board: file, bundle: readFileSync(bundlePath, "latin1"), seed: Date.now() % 100000 });

function emit(event: SimEvent): void {
  process.stderr.write(`${formatEvent(event)}\n`);
}

/** Logical (active) level of an output, from the electrical level of its net. */
function watch(signal: SimSignal, out: OutputPin | undefined): void {
  if (out === undefined) return;
  const net = board.pin(out.pin).net;
  let last = -1;
  const report = (): void => {
    const active = net.floating() ? 0 : (net.level() === 0) === out.activeLow ? 1 : 0;
    if (active === last) return;
    last = active;
    emit({ kind: "edge", tMs: Math.round(clock.nowMs()), signal, active: active === 1 });
  };
  net.onChange(report);
}
watch("relay", file.relay);
watch("power", file.power);
watch("led", file.led);

const printable = (line: string): string => line.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);
const fromHost = new LineSplitter((line) => emit({ kind: "rx", tMs: Math.round(clock.nowMs()), line: printable(line) }));
const toHost = new LineSplitter((line) => emit({ kind: "tx", tMs: Math.round(clock.nowMs()), line: printable(line) }));
board.onHostOutput((text) => {
  process.stdout.write(Buffer.from(text, "latin1"));
  toHost.push(text);
});
process.stdin.on("data", (chunk: Buffer) => {
  const text = chunk.toString("latin1");
  board.hostWrite(text);
  fromHost.push(text);
});
process.stdin.on("end", () => process.exit(0));

const startedAt = performance.now();
board.powerOn();
setInterval(() => clock.runUntil(Math.floor(performance.now() - startedAt)), TICK_MS);
process.stderr.write("ready\n");
