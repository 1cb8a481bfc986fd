// The shape shared by the small commands that send one protocol verb and print its outcome.
import { EXIT } from "../exit-codes.ts";
import type { AgentConfig } from "../config/index.ts";
import type { BoardClient } from "../protocol/client.ts";
import { BOARD_OPTIONS, BOARD_OPTIONS_HELP, parseCommandArgs, refuseExtraArguments } from "./args.ts";
import { withBoard } from "./connect.ts";
import { devicePath, loadSettings } from "./settings.ts";
import type { CommandContext } from "./types.ts";

export interface VerbCommand {
  name: string;
  /** Usage line and description, without the common options. */
  usage: string;
  /** Most positionals the command takes. */
  maxPositionals: number;
  extraOptions?: Record<string, { type: "boolean" | "string"; short?: string }>;
  /** Talks to the board; returns the text to print (a line or more). */
  body(client: BoardClient, positionals: string[], values: Record<string, unknown>, config: AgentConfig | null): Promise<string>;
  /** Checks done before the port is opened (argument errors never touch the board). */
  validate?(positionals: string[], values: Record<string, unknown>): void;
}

export async function runVerbCommand(spec: VerbCommand, argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec.name, argv, { ...BOARD_OPTIONS, ...spec.extraOptions });
  if (values.help) {
    ctx.stdout.write(`${spec.usage}\n${BOARD_OPTIONS_HELP}\n`);
    return EXIT.ok;
  }
  refuseExtraArguments(spec.name, positionals, spec.maxPositionals);
  spec.validate?.(positionals, values);
  const config = await loadSettings(values.config as string | undefined, ctx.env);
  const text = await withBoard(devicePath(values.port as string | undefined, config), values, (client) => spec.body(client, positionals, values, config));
  if (text !== "") ctx.stdout.write(`${text}\n`);
  return EXIT.ok;
}
