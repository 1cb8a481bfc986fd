// `banken arm`: start the countdown now instead of waiting for the first heartbeat.
import { intField } from "../protocol/reply.ts";
import { humanDuration } from "../units.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "arm",
      usage: "usage: banken arm [options]\nStarts the countdown now: without a heartbeat within the timeout, the board resets the host.",
      maxPositionals: 0,
      async body(client) {
        const reply = await client.request("ARM");
        return `armed: ${reply.fields.state}, ${humanDuration(intField(reply, "left"))} left`;
      },
    },
    argv,
    ctx,
  );
}
