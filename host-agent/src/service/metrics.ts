// `banken run --metrics-file F`: the textfile rewritten after every round. What the board said at
// connect (timeout, board, firmware, action counts from its history) is kept; each round adds the state
// and time left from its BEAT (or STATUS) reply, the checks, and the time of the last acknowledged beat.
// `!ACT` notices count actions as they happen, so the history is read only once per connection.
import type { CheckResult } from "../checks/types.ts";
import { AgentError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { countActions, factsFromReply, writeMetricsFile, type ActionKind, type BoardFacts } from "../metrics/index.ts";
import { fetchHistory } from "../protocol/history.ts";
import type { Notice, OkReply } from "../protocol/reply.ts";
import type { BoardLink } from "./board-link.ts";
import type { FleetGuard } from "../fleet/guard.ts";

export class ServiceMetrics {
  private readonly file: string;
  private readonly log: Logger;
  private facts: BoardFacts = {};
  private lastBeatAtMs: number | undefined;
  private lastProblem: string | null = null;

  constructor(file: string, log: Logger, private readonly fleet?: FleetGuard) {
    this.file = file;
    this.log = log;
  }

  async connected(client: BoardLink, status: OkReply): Promise<void> {
    this.facts = factsFromReply(status);
    try {
      this.facts.actions = countActions(await fetchHistory(client));
    } catch (error) {
      if (!(error instanceof AgentError)) throw error;
      // no counts this time: writeMetricsFile carries the previous file's over
    }
  }

  notice(notice: Notice): void {
    const kind = notice.what === "ACT" ? notice.words[0] : undefined;
    const actions = this.facts.actions;
    if (actions !== undefined && (kind === "reset" || kind === "power" || kind === "gave-up")) actions[kind as ActionKind] = (actions[kind as ActionKind] ?? 0) + 1;
  }

  /** After a round: `reply` is the BEAT reply (or STATUS when the checks failed), null if none came. */
  async round(results: CheckResult[], reply: OkReply | null, beatAcked: boolean, up: boolean): Promise<void> {
    const nowMs = Date.now();
    if (beatAcked) this.lastBeatAtMs = nowMs;
    const fresh = reply === null ? {} : factsFromReply(reply);
    if (reply !== null) this.facts = { ...this.facts, ...fresh };
    const checks = results.map(({ name, kind, status, ms }) => ({ name, kind, status, ms }));
    const snapshot = up && reply !== null
      ? { up: true, nowMs, ...this.facts, lastBeatAtMs: this.lastBeatAtMs, checks }
      : { up: false, nowMs, timeoutMs: this.facts.timeoutMs, board: this.facts.board, fw: this.facts.fw, actions: this.facts.actions, lastBeatAtMs: this.lastBeatAtMs, checks };
    try {
      await writeMetricsFile(this.file, this.fleet === undefined ? snapshot : { ...snapshot, fleet: this.fleet.snapshot() });
      this.lastProblem = null;
    } catch (error) {
      const problem = `cannot write the metrics file ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      if (problem !== this.lastProblem) this.log.warn(problem); // once, not every round
      this.lastProblem = problem;
    }
  }
}
