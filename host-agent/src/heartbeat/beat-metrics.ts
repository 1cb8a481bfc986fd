// `banken beat --metrics-file F` (or the config's metrics-file): after each run, the board's state as
// a Prometheus textfile. The heartbeat is the job: a metrics file that cannot be written costs one
// line on stderr, never the beat or its exit code. Loaded only when a metrics file is asked for.
import type { CheckResult } from "../checks/types.ts";
import { AgentError } from "../errors.ts";
import { factsFromReply, readBoardFacts, writeMetricsFile, type BoardFacts, type MetricsSnapshot } from "../metrics/index.ts";
import type { BoardClient } from "../protocol/client.ts";
import type { OkReply } from "../protocol/reply.ts";
import { withBoard, type ConnectFlags } from "../cli/connect.ts";

function checkRows(results: CheckResult[]): NonNullable<MetricsSnapshot["checks"]> {
  return results.map(({ name, kind, status, ms }) => ({ name, kind, status, ms }));
}

/** Writes the file; returns null, or one line saying why it could not. */
export async function writeOrSay(file: string, snapshot: MetricsSnapshot): Promise<string | null> {
  try {
    await writeMetricsFile(file, snapshot);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `cannot write the metrics file ${file} (${code ?? (error as Error).message})`;
  }
}

/** After an acknowledged BEAT: its reply, then STATUS and the history for timeout and action counts. */
export async function factsAfterBeat(client: BoardClient, beatReply: OkReply): Promise<BoardFacts> {
  try {
    return { ...factsFromReply(beatReply), ...(await readBoardFacts(client)) };
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    return factsFromReply(beatReply); // the beat counted; the extra facts are only nice to have
  }
}

/** The snapshot for a run whose beat went through. */
export function beatSnapshot(facts: BoardFacts, results: CheckResult[], lastBeatAtMs: number): MetricsSnapshot {
  return { up: true, nowMs: Date.now(), lastBeatAtMs, ...facts, checks: checkRows(results) };
}

/** The snapshot for a run that sent no beat (checks failed, or the board did not answer it). */
export function noBeatSnapshot(facts: BoardFacts | null, results: CheckResult[]): MetricsSnapshot {
  return { up: facts !== null, nowMs: Date.now(), ...facts, checks: checkRows(results) };
}

/** Checks failed: no BEAT, but the fleet still wants the board's countdown, so ask it (read-only). */
export async function factsWithoutBeat(path: string, flags: ConnectFlags): Promise<BoardFacts | null> {
  try {
    return await withBoard(path, flags, (client) => readBoardFacts(client));
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    return null;
  }
}
