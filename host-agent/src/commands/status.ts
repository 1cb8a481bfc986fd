// `banken status [--json]`: state, time left, config and history in human words.
import type { BoardSession } from "../control/client.ts";
import { describeHistory, fetchHistory, type BoardEvent } from "../protocol/history.ts";
import { intField, type OkReply } from "../protocol/reply.ts";
import { humanDuration } from "../units.ts";
import { isDurationKey } from "../board-values.ts";
import { stateDir } from "../heartbeat/sequence.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "status",
      usage: "usage: banken status [--json] [options]\nThe board's state, time left, configuration and event history.",
      maxPositionals: 0,
      extraOptions: { json: { type: "boolean" } },
      async body(client, _positionals, values, config) {
        const report = await collect(client);
        // The fleet guard's last word, as `banken run` left it in its state dir (docs/fleet.md).
        const fleet = config?.fleet === undefined ? null : (await import("../fleet/last-word.ts")).lastLine(stateDir(undefined, config.stateDir, process.env));
        if (values.json === true) return JSON.stringify(fleet === null ? report : { ...report, fleet }, null, 2);
        return fleet === null ? humanReport(report) : `${humanReport(report)}\n${fleet.line === "" ? `fleet: ${fleet.status}` : fleet.line} (${humanDuration(Math.max(0, Date.now() - fleet.atMs))} ago)`;
      },
    },
    argv,
    ctx,
  );
}

interface StatusReport {
  device: string;
  board: string;
  fw: string;
  state: string;
  /** ms until the board acts; null when no countdown runs (waiting without boot timeout, holding, acting, gave-up). */
  leftMs: number | null;
  holdMs: number;
  attempts: number;
  uptimeMs: number;
  config: Record<string, number>;
  history: (BoardEvent & { text?: string })[];
  /** The history told in words, oldest first. */
  story: string[];
}

async function collect(client: BoardSession): Promise<StatusReport> {
  const status = await client.request("STATUS");
  const config = numericFields(await client.request("GET"));
  const history = await fetchHistory(client);
  const boots = history.filter((event) => event.kind === "boot").map((event) => event.boot);
  const story = describeHistory(history, {
    boot: boots.length > 0 ? boots[boots.length - 1] : -1,
    uptimeMs: intField(status, "uptime"),
    timeoutMs: config.timeoutMs ?? intField(status, "timeout"),
    bootTimeoutMs: config.bootTimeoutMs ?? 0,
  });
  const left = intField(status, "left");
  return {
    device: client.path,
    board: status.fields.board ?? "?",
    fw: status.fields.fw ?? "?",
    state: status.fields.state ?? "?",
    leftMs: left >= 0 ? left : null,
    holdMs: intField(status, "hold") || 0,
    attempts: intField(status, "attempts"),
    uptimeMs: intField(status, "uptime"),
    config,
    history,
    story,
  };
}

function numericFields(reply: OkReply): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(reply.fields)) out[key] = intField(reply, key);
  return out;
}

/**
 * A config value in the words the rest of the report uses ("10 min", "500 ms"), so that every
 * duration in `status` reads the same way; `config get` keeps the form `config set` takes (10m).
 */
function inWords(key: string, value: number): string {
  return isDurationKey(key) && value !== 0 ? humanDuration(value) : String(value);
}

function humanReport(report: StatusReport): string {
  const left =
    report.state === "holding" ? `on hold for ${humanDuration(report.holdMs)} more`
    : report.leftMs === null ? "no countdown running"
    : `acts in ${humanDuration(report.leftMs)} without a heartbeat`;
  const lines = [
    `${report.device}: banken board ${report.board} (fw ${report.fw}), up ${humanDuration(report.uptimeMs)}`,
    `state: ${report.state}, ${left}${report.attempts > 0 ? `, ${report.attempts} action(s) without the host coming back` : ""}`,
    `config: ${Object.entries(report.config).map(([key, value]) => `${key} ${inWords(key, value)}`).join(", ")}`,
  ];
  if (report.story.length === 0) lines.push("history: nothing yet");
  else lines.push("history (oldest first):", ...report.story.map((line) => `  ${line}`));
  return lines.join("\n");
}

