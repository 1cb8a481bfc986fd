// Command line of `npm run bench`: full mode uses the sizes of issue 6, --quick runs every
// measurement briefly (a smoke run: figures are indicative only).
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

export interface BenchOptions {
  quick: boolean;
  /** Item 2's service run length. */
  serviceMs: number;
  /** Item numbers to run ("1", "2", ... "8", "fleet"); empty = all. */
  only: string[];
  outFile: string;
  /** A real board's serial port for the on-board figures of items 4 and 5; null = a simulated board on a pty. */
  port: string | null;
  /** Linux builds of the Espruino interpreter for item 4's RAM and item 5's press figures (--espruino, else ESPRUINO_BIN). */
  espruino: string[];
}

export const USAGE = `usage: npm run bench -- [--quick] [--service-minutes N] [--only 1,3,7] [--out FILE]
  --quick              every measurement briefly (service run 20 s); also BENCH_QUICK=1
  --service-minutes N  length of item 2's \`banken run\` (default 10; --quick: 0.33)
  --only LIST          run only these items (1..7 of issue 6; 8: the control socket of issue 12;
                       "fleet": issue 13's bench)
  --out FILE           JSON output (default bench/out/results.json)
  --port PATH          items 4 and 5 read process.memory() and a save's cost from the banken
                       board on PATH (default: a simulated board on a pty); the board's firmware
                       restarts once and its history gains two config events
  --espruino PATH[,PATH]  item 4 measures RAM, item 5 relay close − deadline (esp8266 bundle on a
                       build of ≤ 1,600 JsVars, else esp32; 120 actions, --quick: 20) on these
                       Linux builds of the Espruino interpreter (default: ESPRUINO_BIN); without
                       one, they report them as not measured`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: process.env.BENCH_QUICK === "1" },
      "service-minutes": { type: "string" },
      only: { type: "string", default: "" },
      out: { type: "string", default: "bench/out/results.json" },
      port: { type: "string" },
      espruino: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) throw new UsageError("");
  const quick = values.quick ?? false;
  const minutes = values["service-minutes"] === undefined ? (quick ? 1 / 3 : 10) : Number(values["service-minutes"]);
  if (!(minutes > 0)) throw new UsageError(`--service-minutes must be a positive number, not "${values["service-minutes"]}"`);
  const only = (values.only ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const item of only) if (!/^([1-8]|fleet)$/.test(item)) throw new UsageError(`--only takes item numbers 1..8 or "fleet", not "${item}"`);
  const espruino = (values.espruino ?? process.env.ESPRUINO_BIN ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  for (const bin of espruino) if (!existsSync(bin)) throw new UsageError(`--espruino: no interpreter at ${bin}`);
  return { quick, serviceMs: Math.round(minutes * 60000), only, outFile: values.out ?? "bench/out/results.json", port: values.port ?? null, espruino };
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
