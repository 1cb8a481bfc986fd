// `banken hold 30m` / `banken hold off`: a self-expiring maintenance hold (at most 24 h).
import { AgentError } from "../errors.ts";
import { durationInRange } from "../board-values.ts";
import { humanDuration } from "../units.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

/** Same bound as MAX_HOLD_MS in firmware/core/types.ts; checked here so the message can say it in words. */
const MAX_HOLD_MS = 86400000;

function holdMs(text: string | undefined): number {
  if (text === undefined) throw new AgentError("usage", "say how long (hold 30m) or hold off");
  if (text.toLowerCase() === "off") return 0;
  return durationInRange("", text, 1, MAX_HOLD_MS, `a duration up to ${humanDuration(MAX_HOLD_MS)} (like 30m, 2h), or off`);
}

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "hold",
      usage: "usage: banken hold DURATION | banken hold off\nSuspends judgment for planned work (reboot, BIOS update, suspend); ends by itself.",
      maxPositionals: 1,
      validate: (positionals) => void holdMs(positionals[0]),
      async body(client, positionals) {
        const ms = holdMs(positionals[0]);
        const reply = await client.request(`HOLD ${ms}`);
        return ms === 0 ? `hold ended: ${reply.fields.state}` : `holding for ${humanDuration(ms)}: no reset until then, or until banken hold off`;
      },
    },
    argv,
    ctx,
  );
}
