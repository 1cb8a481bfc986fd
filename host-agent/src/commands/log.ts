// `banken log`: the board's event history, one raw record per line with its meaning.
import { describeHistory, fetchHistory } from "../protocol/history.ts";
import { intField } from "../protocol/reply.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "log",
      usage: "usage: banken log [options]\nThe board's event history (oldest first): board boot number, uptime, kind, attempt, reason.",
      maxPositionals: 0,
      async body(client) {
        const status = await client.request("STATUS");
        const events = await fetchHistory(client);
        const boots = events.filter((event) => event.kind === "boot").map((event) => event.boot);
        const clock = { boot: boots.at(-1) ?? -1, uptimeMs: intField(status, "uptime"), timeoutMs: intField(status, "timeout"), bootTimeoutMs: 0 };
        if (events.length === 0) return "no events";
        return events
          .map((event) => {
            const extra = `${event.n === undefined ? "" : ` n=${event.n}`}${event.reason === undefined ? "" : ` r=${event.reason}`}`;
            return `b=${event.boot} t=${event.uptimeMs} k=${event.kind}${extra}  # ${describeHistory([event], clock)[0]}`;
          })
          .join("\n");
      },
    },
    argv,
    ctx,
  );
}
