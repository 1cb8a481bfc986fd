// `banken test led` lights the LED as if acting (never the relay); `banken test relay --yes` presses
// the host's reset for real, once.
import { AgentError } from "../errors.ts";
import { humanDuration } from "../units.ts";
import { intField } from "../protocol/reply.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

function what(positionals: string[], values: Record<string, unknown>): "led" | "relay" {
  const target = positionals[0];
  if (target === "led") return "led";
  if (target !== "relay") throw new AgentError("usage", "say what to test: test led | test relay --yes");
  if (values.yes !== true) throw new AgentError("usage", "relay presses this host's reset button for real: add --yes if you mean it");
  return "relay";
}

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "test",
      usage: "usage: banken test led | banken test relay --yes\nled: lights the LED as if the board were acting. relay: one real reset pulse.",
      maxPositionals: 1,
      extraOptions: { yes: { type: "boolean", short: "y" } },
      validate: (positionals, values) => void what(positionals, values),
      async body(client, positionals, values) {
        if (what(positionals, values) === "led") {
          const reply = await client.request("TEST led");
          return `LED on for ${humanDuration(intField(reply, "ms"))}`;
        }
        const reply = await client.request("TEST relay confirm=yes");
        return `pressing reset for ${humanDuration(intField(reply, "pulse"))}`;
      },
    },
    argv,
    ctx,
  );
}
