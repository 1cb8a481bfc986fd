// `banken demo` (npm start): the whole job on a simulated board, no hardware needed. See
// demo/run-demo.ts for the story.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { runDemo } from "../demo/run-demo.ts";
import { FAST, NORMAL } from "../demo/timeline.ts";
import { parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import type { CommandContext } from "../cli/command-types.ts";

const HELP = `usage: banken demo [--fast] [--out DIR] [--plain]
Runs a simulated ESP32 on a pty and the real agent against it: heartbeats, a hung host, the
board's warning and reset, the host coming back. About a minute (--fast: about 15 s).
      --out DIR  where the timing chart and trace go (default: a new directory under ${tmpdir()})
      --plain    plain lines even on a terminal`;

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("demo", argv, {
    fast: { type: "boolean" },
    out: { type: "string" },
    plain: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("demo", positionals);
  const live = values.plain !== true && (ctx.stdout as NodeJS.WriteStream).isTTY === true && ctx.env.TERM !== "dumb";
  const outDir = values.out ?? join(tmpdir(), `banken-demo-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const result = await runDemo({ timeline: values.fast ? FAST : NORMAL, outDir, live, out: ctx.stdout, signal: ctx.signal });
  const reset = result.resets >= 1;
  const back = result.beatsAfterReset >= 1;
  ctx.stdout.write(
    `\nresult: ${reset ? `the board reset the hung host (a ${result.pulseMs} ms press)` : "NO reset happened"}\n` +
      `        ${back ? `the host came back: ${result.beatsAfterReset} heartbeat(s) after the reset` : "the host did NOT come back"}\n` +
      `timing chart: ${result.chartPath}\n` +
      `  (an SVG: open it in a browser; the trace JSON beside it holds every line and edge)\n`,
  );
  if (!reset || !back) throw new AgentError("protocol", "the story did not happen as it should");
  return EXIT.ok;
}
