// Items 1 and 7a: the whole-process cost of one `banken beat` against a board on a pty, beside the
// floors `node -e 0` and `printf 'BEAT\n' > tty`, interleaved run by run so machine noise hits all
// alike; then one beat with 1, 10 and 50 `true` command checks.
import { join, resolve } from "node:path";
import { trueChecksConfig } from "../lib/agent-config.ts";
import type { BenchBoard } from "../lib/board-pty.ts";
import { bankenBin } from "../lib/snapshot.ts";
import { measureProcess, type ProcessCost } from "../lib/proc.ts";
import { row, type Row } from "../lib/result.ts";
import { median, round } from "../lib/stats.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
const FROM_SOURCE = join(REPO, "bench/lib/agent-from-source.ts");

interface Series {
  label: string;
  argv: string[];
  runs: ProcessCost[];
  /** Runs that exited non-zero: excluded from the figures, reported in the note. */
  failures: string[];
}

/** Interleaved until every series has `runs` good runs; gives up after as many failures. */
async function runInterleaved(series: Series[], runs: number): Promise<void> {
  for (let round = 0; series.some((s) => s.runs.length < runs); round++) {
    for (const s of series) {
      if (s.runs.length >= runs) continue;
      const cost = await measureProcess(s.argv);
      if (cost.code === 0) s.runs.push(cost);
      else {
        s.failures.push(`exit ${cost.code}: ${cost.stderr.trim().split("\n").pop() ?? ""}`);
        if (s.failures.length > runs) throw new Error(`${s.label} failed ${s.failures.length} times; last: ${s.failures[s.failures.length - 1]}`);
      }
    }
  }
}

function failed(s: Series): string {
  return s.failures.length === 0 ? "" : `; ${s.failures.length} failed run(s) left out (${s.failures[0]})`;
}

const wall = (s: Series): number => round(median(s.runs.map((r) => r.wallMs)), 1);
const rssMiB = (s: Series): number => round(median(s.runs.map((r) => r.peakRssKiB)) / 1024, 1);

export async function measureOneShot(board: BenchBoard, runs: number): Promise<Row[]> {
  const stateDir = join(board.dir, "state");
  const beatArgs = ["beat", "--port", board.tty, "--state-dir", stateDir, "--config", "/dev/null"];
  const node: Series = { label: "node -e 0", argv: ["node", "-e", "0"], runs: [], failures: [] };
  const printf: Series = { label: "printf", argv: ["sh", "-c", `printf 'BEAT\\n' > ${board.tty}`], runs: [], failures: [] };
  const beat: Series = { label: "banken beat", argv: ["node", bankenBin(), ...beatArgs], runs: [], failures: [] };
  const source: Series = { label: "banken beat (tsx, unbundled)", argv: ["node", "--import", "tsx", FROM_SOURCE, ...beatArgs], runs: [], failures: [] };
  // Warm the page cache and tsx's compile cache before measuring.
  await runInterleaved([node, printf, beat, source], 1);
  for (const s of [node, printf, beat, source]) [s.runs, s.failures] = [[], []];
  await runInterleaved([node, printf, beat, source], runs);
  const n = `median of ${runs}`;
  const wallRatio = wall(beat) / wall(node);
  const rssRatio = rssMiB(beat) / rssMiB(node);
  return [
    row("1", "node -e 0: wall", wall(node), "ms", n),
    row("1", "node -e 0: peak RSS", rssMiB(node), "MiB", n),
    row("1", "printf 'BEAT\\n' > tty: wall", wall(printf), "ms", `${n}; sh + printf, no reply read`),
    row("1", "printf 'BEAT\\n' > tty: peak RSS", rssMiB(printf), "MiB", n),
    row("1", "banken beat: wall", wall(beat), "ms", `${n}; ${round(wallRatio, 2)}× node -e 0${failed(beat)}`, `≤ ${round(1.5 * wall(node), 0)} ms (1.5×)`, wallRatio <= 1.5),
    row("1", "banken beat: peak RSS", rssMiB(beat), "MiB", `${n}; ${round(rssRatio, 2)}× node -e 0`, `≤ ${round(1.3 * rssMiB(node), 1)} MiB (1.3×)`, rssRatio <= 1.3),
    row("1", "before: beat from source (tsx): wall", wall(source), "ms", `${n}; no bundle, TypeScript compiled at start${failed(source)}`),
    row("1", "before: beat from source (tsx): RSS", rssMiB(source), "MiB", n),
  ];
}

export async function measureCheckScaling(board: BenchBoard, counts: number[], runs: number): Promise<Row[]> {
  const stateDir = join(board.dir, "state");
  const series: Series[] = counts.map((count) => ({
    label: `${count} checks`,
    argv: ["node", bankenBin(), "beat", "--state-dir", stateDir, "--config", trueChecksConfig(board.dir, board.tty, count)],
    runs: [],
    failures: [],
  }));
  await runInterleaved(series, 1);
  for (const s of series) [s.runs, s.failures] = [[], []];
  await runInterleaved(series, runs);
  return series.map((s) => row("7a", `banken beat with ${s.label}: wall`, wall(s), "ms", `median of ${runs}; peak RSS ${rssMiB(s)} MiB; checks run concurrently${failed(s)}`));
}
