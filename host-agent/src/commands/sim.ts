// `banken sim`: a simulated banken board on a pty, kept running until Ctrl-C/SIGTERM, so that
// banken commands, screen, the espruino CLI or a script can talk to it. Prints what the board does.
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import type { SimEvent } from "../../../sim/events.ts";
import { configureSimBoard, type BoardTiming } from "../sim/configure.ts";
import { startSimBoard } from "../sim/launch.ts";
import { CONFIG_RANGES } from "../../../firmware/core/config.ts";
import { describeRange, durationInRange } from "../board-values.ts";
import { boardIds } from "../sim/boards.ts";
import { parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import type { CommandContext } from "../cli/command-types.ts";

const HELP = `usage: banken sim [--board esp32|pico|esp8266] [--port-link PATH] [--timeout D] [--pulse D] [--warn D]
Runs a simulated banken board (the built firmware in a virtual Espruino) on a pseudo-terminal until
Ctrl-C. Point banken at it (banken status --port /tmp/banken-tty), or type to it yourself:
screen /tmp/banken-tty 115200, or socat - /tmp/banken-tty,raw,echo=0 (HELLO, STATUS, BEAT; no echo).
  -b, --board ID        board file (default esp32)
      --port-link PATH  the pty's path (default /tmp/banken-tty)
      --timeout D       set the board's timeout (e.g. 20s); default: what its flash says (10m fresh)
      --pulse D         set the reset pulse length (e.g. 3s)
      --warn D          set the warning time before a reset (e.g. 5s)
  -q, --quiet           do not print the serial lines, only relay and LED changes`;

/** A timing option, checked against the board key's range before the simulator starts. */
function boardDuration(option: string, key: string, text: string): number {
  return durationInRange(option, text, CONFIG_RANGES[key][0], CONFIG_RANGES[key][1], describeRange(key));
}

function refuseUnknownBoard(id: string): void {
  const known = boardIds();
  if (known !== null && !known.includes(id)) throw new AgentError("usage", `unknown board "${id}"; the boards are ${known.join(", ")}`);
}

export function describeEvent(event: SimEvent): string | null {
  const at = `${(event.tMs / 1000).toFixed(3).padStart(8)} s`;
  if (event.kind === "edge") {
    const what = event.signal === "led" ? (event.active ? "LED on" : "LED off") : `${event.signal === "relay" ? "reset" : "power"} relay ${event.active ? "CLOSED (pressing)" : "open"}`;
    return `${at}  ${what}`;
  }
  return `${at}  ${event.kind === "rx" ? "host → board" : "board → host"}  ${event.line}`;
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("sim", argv, {
    board: { type: "string", short: "b", default: "esp32" },
    "port-link": { type: "string", default: "/tmp/banken-tty" },
    timeout: { type: "string" },
    pulse: { type: "string" },
    warn: { type: "string" },
    quiet: { type: "boolean", short: "q" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("sim", positionals);
  const timing: BoardTiming = {};
  if (values.timeout !== undefined) timing.timeoutMs = boardDuration("--timeout", "timeoutMs", values.timeout);
  if (values.pulse !== undefined) timing.pulseMs = boardDuration("--pulse", "pulseMs", values.pulse);
  if (values.warn !== undefined) timing.warnMs = boardDuration("--warn", "warnMs", values.warn);
  refuseUnknownBoard(values.board);
  const link = values["port-link"];
  const board = await startSimBoard({
    board: values.board,
    link,
    onEvent: (event) => {
      if (values.quiet && event.kind !== "edge") return;
      const line = describeEvent(event);
      if (line !== null) ctx.stdout.write(`${line}\n`);
    },
    onOther: (line) => void ctx.stderr.write(`sim: ${line}\n`),
  });
  const stopped = new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
  try {
    const hello = await configureSimBoard(link, timing);
    ctx.stdout.write(`sim: simulated ${hello.fields.board} board, firmware ${hello.fields.fw}, on ${link} (Ctrl-C stops it)\n`);
    ctx.stdout.write(`sim: try  banken status --port ${link}   or   banken run --port ${link}   or   screen ${link} 115200\n`);
    await Promise.race([stopped, board.exited]);
  } finally {
    await board.stop();
  }
  if (!ctx.signal.aborted) throw new AgentError("disconnected", "the simulated board stopped on its own");
  ctx.stdout.write("sim: stopped\n");
  return EXIT.ok;
}
