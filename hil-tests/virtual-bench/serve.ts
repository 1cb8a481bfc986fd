// Starts the virtual bench (virtual-bench.ts) for one DUT board and either keeps it running until
// Ctrl-C, printing the two ports to use, or runs a command against it with BANKEN_TARGET=bench and
// the two port variables set, and exits with that command's status:
//   node --import tsx hil-tests/virtual-bench/serve.ts [--board esp32] [-- command args...]
// The interpreter comes from ESPRUINO_BIN; the bundles from `npm run build` (BANKEN_DIST).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import observer from "../../boards/observer-esp32.ts";
import { EspruinoBinError, espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { distDir } from "../../sim/dist.ts";
import { bundlePath, loadBoard, loadTolerances, TargetConfigError } from "../support/target.ts";
import { VirtualBench } from "./virtual-bench.ts";

interface Args {
  board: string;
  command: string[];
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { board: "esp32", command: [], verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.command = argv.slice(i + 1);
      break;
    }
    if (a === "--board" && argv[i + 1] !== undefined) args.board = argv[++i];
    else if (a === "--verbose") args.verbose = true;
    else throw new TargetConfigError(`unknown argument "${a}" (usage: serve.ts [--board ID] [--verbose] [-- command args...])`);
  }
  return args;
}

/** The bench on the built bundles of `boardId`; every missing piece is one clear line. */
export async function startVirtualBench(boardId: string, env: NodeJS.ProcessEnv = process.env, log?: (line: string) => void): Promise<VirtualBench> {
  const bin = espruinoBin(env);
  if (bin === undefined) throw new TargetConfigError(`${NO_INTERPRETER}; see docs/bench-rig.md`);
  const dut = await loadBoard(boardId);
  const dutBundle = bundlePath(boardId, undefined, env);
  const observerBundle = join(distDir(undefined, env), "observer", `${observer.id}.js`);
  for (const path of [dutBundle, observerBundle]) if (!existsSync(path)) throw new TargetConfigError(`no bundle at ${path}: run npm run build`);
  const profile = loadTolerances("bench");
  return VirtualBench.start({
    espruinoBin: bin,
    dut,
    observer,
    dutBundle: readFileSync(dutBundle, "utf8"),
    observerBundle: readFileSync(observerBundle, "utf8"),
    relay: { operateMs: profile.relayOperateMs, releaseMs: profile.relayReleaseMs },
    log,
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const bench = await startVirtualBench(args.board, process.env, args.verbose ? (l) => console.error(`[virtual bench] ${l}`) : undefined);
  const env = { ...process.env, BANKEN_TARGET: "bench", BANKEN_BOARDS: args.board, BANKEN_DUT_PORT: bench.dutPort, BANKEN_OBSERVER_PORT: bench.observerPort };
  try {
    if (args.command.length === 0) {
      console.log(`virtual bench for ${args.board} running; Ctrl-C stops it.`);
      console.log(`BANKEN_TARGET=bench BANKEN_BOARDS=${args.board} BANKEN_DUT_PORT=${bench.dutPort} BANKEN_OBSERVER_PORT=${bench.observerPort}`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
      return 0;
    }
    const child = spawn(args.command[0], args.command.slice(1), { stdio: "inherit", env });
    // Ctrl-C reaches the child from the terminal; a TERM is passed on. Either way this process
    // waits for the child, then stops both interpreters (they ignore SIGTERM themselves).
    process.on("SIGINT", () => undefined);
    process.on("SIGTERM", () => child.kill("SIGTERM"));
    return await new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await bench.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      const oneLine = err instanceof TargetConfigError || err instanceof EspruinoBinError;
      console.error(oneLine ? err.message : (err.stack ?? String(err)));
      process.exit(2);
    },
  );
}
