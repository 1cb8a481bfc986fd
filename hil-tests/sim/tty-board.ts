// One simulated banken board in real time on stdin/stdout, for the host agent's tests, `banken sim`
// and the demo. Bytes on stdin are the host writing to the board's serial port; the board's output
// goes to stdout. Relay and LED changes go to stderr (or --edges FILE) as lines "<ms> <signal> <0|1>".
//
//   socat pty,raw,echo=0,link=/tmp/banken-tty EXEC:"node --import tsx hil-tests/sim/tty-board.ts --board esp32 --set timeoutMs=20000"
//
// Options: --board esp32|pico|esp8266  --seed N  --bundle FILE  --set key=value (repeatable)
//          --speed X (virtual time runs X times faster than wall time)  --edges FILE  --quiet
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { createStandalone, runRealTime, StandaloneError } from "./standalone.ts";

interface Args {
  board: string;
  seed: number;
  bundle?: string;
  config: Record<string, number>;
  speed: number;
  edges?: string;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { board: "esp32", seed: 1, config: {}, speed: 1, quiet: false };
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
    else if (flag === "--quiet") args.quiet = true;
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

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const sim = createStandalone({
    board: args.board,
    seed: args.seed,
    bundle: args.bundle === undefined ? undefined : readFileSync(args.bundle, "utf8"),
    config: args.config,
  });
  const report = (line: string): void => {
    if (args.edges) appendFileSync(args.edges, line + "\n");
    else if (!args.quiet) process.stderr.write(line + "\n");
  };
  if (args.edges) writeFileSync(args.edges, "");
  sim.onSignal((signal, level, tMs) => report(`${tMs.toFixed(3)} ${signal} ${level}`));
  sim.board.onHostOutput((text) => process.stdout.write(Buffer.from(text, "latin1")));
  sim.board.powerOn();
  report(`0.000 power 1`);
  const driver = runRealTime(sim.clock, args.speed);
  process.stdin.on("data", (chunk: Buffer) => {
    driver.catchUp();
    sim.board.hostWrite(chunk.toString("latin1"));
  });
  const stop = (): void => {
    driver.stop();
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
