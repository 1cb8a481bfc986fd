// One simulated banken board in real time on stdin/stdout: the built bundle in the virtual Espruino,
// its virtual clock paced to the wall clock. The one program behind every simulated pty: `banken sim`,
// the demo, `banken flash` tests, the agent's end-to-end tests and the bench start it with socat:
//
//   socat pty,raw,echo=0,link=/tmp/banken-tty EXEC:"node --import tsx sim/tty-board.ts --board esp32"
//
// The build also compiles it to dist/agent/sim-board.js, which an installed banken runs (no tsx).
//
// stdin is the host writing to the board's serial port; stdout is what the board sends. Like a real
// board, bytes that arrive while the chip boots are lost. stderr carries:
//   "ready"                             once, when the firmware runs (its boot code has run; it reads)
//   "ev <ms> <relay|power|led> <0|1>"    a relay contact or the LED changed (events.ts)
//   "rx <ms> <line>" / "tx <ms> <line>"  a serial line from / to the host
// <ms> is the board's virtual time since power-on. --edges FILE sends the ev/rx/tx lines to FILE
// instead, --quiet drops them ("ready" and errors stay on stderr).
//
// Options: --board esp32|pico|esp8266  --seed N  --bundle FILE  --set key=value (repeatable)
//          --speed X (virtual time runs X times faster than wall time)  --edges FILE  --quiet
//          --flash FILE (the board's Storage files other than .bootcde, as JSON {name: text}: loaded
//          at start when FILE exists, rewritten on every flash write, so a re-plugged board keeps them)
//          --flash-all (with --flash: .bootcde too, so a re-flashed board boots what was flashed)
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { formatEvent, type SimEvent } from "./events.ts";
import type { JournalFlash } from "./espruino/flash.ts";
import { LineSplitter } from "./lines.ts";
import { RealTimePacer } from "./pacer.ts";
import { createStandalone, StandaloneError, type StandaloneSignal } from "./standalone.ts";

interface Args {
  board: string;
  seed: number;
  bundle?: string;
  config: Record<string, number>;
  speed: number;
  edges?: string;
  quiet: boolean;
  flash?: string;
  flashAll: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { board: "esp32", seed: 1, config: {}, speed: 1, quiet: false, flashAll: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new StandaloneError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--board") args.board = value();
    else if (flag === "--seed") args.seed = Number(value());
    else if (flag === "--bundle") args.bundle = value();
    else if (flag === "--speed") args.speed = Number(value());
    else if (flag === "--edges") args.edges = value();
    else if (flag === "--flash") args.flash = value();
    else if (flag === "--quiet") args.quiet = true;
    else if (flag === "--flash-all") args.flashAll = true;
    else if (flag === "--set") {
      const [key, raw] = value().split("=");
      const n = Number(raw);
      if (!key || raw === undefined || !Number.isInteger(n)) throw new StandaloneError(`--set wants key=<integer>, e.g. --set timeoutMs=20000`);
      args.config[key] = n;
    } else throw new StandaloneError(`unknown option ${flag}`);
  }
  if (!(args.speed > 0)) throw new StandaloneError("--speed must be a positive number");
  if (!Number.isInteger(args.seed)) throw new StandaloneError("--seed must be an integer");
  return args;
}

const SIGNAL_NAMES: Record<StandaloneSignal, "relay" | "power" | "led"> = { relay: "relay", powerRelay: "power", led: "led" };
/** Side-channel lines stay one short printable line whatever the serial bytes were. */
const printable = (line: string): string => line.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);

/** The firmware's own Storage files survive the process, as flash survives an unplug. */
function keepFlashIn(file: string, flash: JournalFlash, withBootCode: boolean): void {
  if (existsSync(file)) {
    let saved: Record<string, string>;
    try {
      saved = JSON.parse(readFileSync(file, "latin1")) as Record<string, string>;
    } catch {
      throw new StandaloneError(`--flash ${file} is not a JSON object of file names and texts`);
    }
    for (const [name, text] of Object.entries(saved)) flash.write(name, text);
  }
  const save = (): void => {
    const files: Record<string, string> = {};
    for (const name of flash.list()) if (withBootCode || name !== ".bootcde") files[name] = flash.read(name) ?? "";
    writeFileSync(file, JSON.stringify(files), "latin1");
  };
  const write = flash.write.bind(flash);
  const erase = flash.erase.bind(flash);
  flash.write = (name, data, offset, size) => {
    const done = write(name, data, offset, size);
    save();
    return done;
  };
  flash.erase = (name) => {
    erase(name);
    save();
  };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const sim = createStandalone({
    board: args.board,
    seed: args.seed,
    bundle: args.bundle === undefined ? undefined : readFileSync(args.bundle, "utf8"),
    config: args.config,
  });
  if (args.flash !== undefined) keepFlashIn(args.flash, sim.board.flash, args.flashAll);
  if (args.edges) writeFileSync(args.edges, "");
  const nowMs = (): number => Math.round(sim.clock.nowMs());
  const emit = (event: SimEvent): void => {
    if (args.edges) appendFileSync(args.edges, `${formatEvent(event)}\n`);
    else if (!args.quiet) process.stderr.write(`${formatEvent(event)}\n`);
  };
  sim.onSignal((signal, level) => emit({ kind: "edge", tMs: nowMs(), signal: SIGNAL_NAMES[signal], active: level === 1 }));
  const fromHost = new LineSplitter((line) => emit({ kind: "rx", tMs: nowMs(), line: printable(line) }));
  const toHost = new LineSplitter((line) => emit({ kind: "tx", tMs: nowMs(), line: printable(line) }));
  sim.board.onHostOutput((text) => {
    process.stdout.write(Buffer.from(text, "latin1"));
    toHost.push(text);
  });
  // "ready" once the interpreter has run the boot code: from then on the firmware owns the port.
  // Checked every virtual millisecond until then (a few hundred cheap events).
  const untilRunning = (): void => {
    if (sim.board.phase() === "running") process.stderr.write("ready\n");
    else sim.clock.after(1000, untilRunning);
  };
  sim.board.powerOn();
  untilRunning();
  const pacer = new RealTimePacer(sim.clock, args.speed);
  process.stdin.on("data", (chunk: Buffer) => {
    // Catch the virtual clock up first, so the bytes arrive at the right virtual moment.
    pacer.catchUp();
    const text = chunk.toString("latin1");
    sim.board.hostWrite(text);
    fromHost.push(text);
    pacer.wake();
  });
  const stop = (): void => {
    pacer.stop();
    process.exit(0);
  };
  process.stdin.on("end", stop);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

try {
  main();
} catch (err) {
  if (err instanceof StandaloneError) {
    process.stderr.write(`tty-board: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
