// `npm run bench`: the measured budgets of issue 6. Prints one table and writes it, with the
// machine's description, as JSON (bench/out/results.json). Nothing here asserts: goals are shown
// as met or not. See docs/performance.md for what each figure means.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { defaultBoardKind, startBoard, type BenchBoard } from "./lib/board-pty.ts";
import { AgentError } from "../host-agent/src/errors.ts";
import { describeMachine } from "./lib/machine.ts";
import { parseOptions, USAGE, UsageError, type BenchOptions } from "./lib/options.ts";
import { BenchSetupError, requireGnuTime } from "./lib/proc.ts";
import type { Row } from "./lib/result.ts";
import { takeSnapshot } from "./lib/snapshot.ts";
import { formatTable } from "./lib/table.ts";
import { measureCheckScaling, measureOneShot } from "./measure/one-shot.ts";
import { measureFirmware } from "./measure/firmware.ts";
import { measureMonth } from "./measure/month.ts";
import { measureRoundTrip } from "./measure/round-trip.ts";
import { measureService } from "./measure/service.ts";
import { measureControl } from "./measure/control.ts";
import { measureSimScaling } from "./measure/sim-scaling.ts";
import { saveCostRow } from "./measure/on-board.ts";
import { measureTiming } from "./measure/timing.ts";
import { measureFleet } from "./measure/fleet.ts";
import { pressRows } from "./lib/espruino-press.ts";

type Step = { item: string; title: string; run: (o: BenchOptions, board: () => Promise<BenchBoard>) => Promise<Row[]> };

const STEPS: Step[] = [
  { item: "1", title: "agent one-shot cost", run: async (o, board) => measureOneShot(await board(), o.quick ? 5 : 20) },
  { item: "2", title: "agent service cost", run: async (o, board) => measureService(await board(), o.serviceMs) },
  { item: "3", title: "heartbeat round trip", run: async (o, board) => measureRoundTrip(await board(), o.quick ? 200 : 2000) },
  { item: "4", title: "firmware size and RAM", run: async (o) => measureFirmware(o.port, o.espruino) },
  { item: "5", title: "timing accuracy with jitter", run: async (o) => [...(await measureTiming(o.quick ? 20 : 200)), await saveCostRow(o.port), ...(await pressRows(o.espruino, o.quick ? 20 : 120))] },
  { item: "6", title: "simulation speed (month)", run: async (o) => measureMonth(o.quick ? 3 : 30) },
  { item: "7", title: "scaling: health checks", run: async (o, board) => measureCheckScaling(await board(), [1, 10, 50], o.quick ? 3 : 10) },
  { item: "7", title: "scaling: boards on one clock", run: async (o) => measureSimScaling([1, 10, 100], o.quick ? 600000 : 3600000) },
  { item: "8", title: "control socket (issue 12)", run: async (o, board) => measureControl(await board(), o.quick ? 100 : 1000, o.quick ? 5000 : 30000, o.quick ? 5 : 20) },
  // Issue 13 item 8 (docs/fleet.md): a real 3-member etcd cluster on loopback.
  { item: "fleet", title: "fleet guard: 1,000 guards, one group, leader killed", run: async (o) => measureFleet(o.quick ? 200 : 1000, 10) },
];

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(error.message === "" ? `${USAGE}\n` : `bench: ${error.message}\n${USAGE}\n`);
    process.exitCode = error.message === "" ? 0 : 2;
    return;
  }
  requireGnuTime();
  takeSnapshot();
  const machine = describeMachine();
  const kind = defaultBoardKind();
  // Items 1-3 and 7 always use the board on the pty; items 4-5 read the board named by --port when given; items 4-5 run on the --espruino builds.
  const onBoard = options.port !== null ? `the board on ${options.port}` : "a simulated esp32 on a pty";
  const ram = options.espruino.length > 0 ? options.espruino.join(", ") : "not measured (no --espruino / ESPRUINO_BIN)";
  process.stderr.write(`bench: ${options.quick ? "quick" : "full"} mode on ${machine.cpu} (${machine.cores} cores), node ${machine.node}; board on the pty (items 1-3, 7): ${kind}; on-board figures (items 4-5): ${onBoard}; RAM on the interpreter: ${ram}\n`);
  let shared: BenchBoard | null = null;
  const board = async (): Promise<BenchBoard> => (shared ??= await startBoard(kind));
  const rows: Row[] = [];
  const startedAt = Date.now();
  try {
    for (const step of STEPS) {
      if (options.only.length > 0 && !options.only.includes(step.item)) continue;
      const t0 = Date.now();
      process.stderr.write(`bench: ${step.item} ${step.title} ...`);
      const got = await step.run(options, board);
      rows.push(...got);
      process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    const s = shared as BenchBoard | null;
    if (s !== null) await s.stop();
  }
  const report = { date: new Date().toISOString(), mode: options.quick ? "quick" : "full", serviceMs: options.serviceMs, boardOnPty: kind, machine, rows, totalS: Math.round((Date.now() - startedAt) / 1000) };
  mkdirSync(dirname(options.outFile), { recursive: true });
  writeFileSync(options.outFile, JSON.stringify(report, null, 2) + "\n");
  process.stdout.write(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryMiB} MiB, node ${machine.node}, ${machine.os}, load ${machine.load1} at start\n`);
  process.stdout.write(`${formatTable(rows)}\n(${report.mode} mode; JSON in ${options.outFile})\n`);
}

main().catch((error: unknown) => {
  // A missing tool, or a board that is absent or does not answer (--port): a message, not a stack.
  if (error instanceof BenchSetupError || error instanceof AgentError) {
    process.stderr.write(`\nbench: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  throw error;
});
