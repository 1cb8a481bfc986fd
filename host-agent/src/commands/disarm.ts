// `banken disarm`: stop judging until the next heartbeat (the board refuses while locked=1).
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "disarm",
      usage: "usage: banken disarm [options]\nStops the countdown until the next heartbeat. Refused when the board's config says locked=1.",
      maxPositionals: 0,
      async body(client) {
        const reply = await client.request("DISARM");
        return `disarmed: ${reply.fields.state}; the next heartbeat arms the board again`;
      },
    },
    argv,
    ctx,
  );
}
