// The shape shared by the small commands that send one protocol verb and print its outcome.
import { EXIT } from "../exit-codes.ts";
import type { AgentConfig } from "../config/index.ts";
import { withServiceOrBoard, type BoardSession } from "../control/client.ts";
import { DEFAULT_CONTROL_SOCKET } from "../control/protocol.ts";
import { BOARD_OPTIONS, BOARD_OPTIONS_HELP, CONTROL_OPTION, durationArg, parseCommandArgs, refuseExtraArguments } from "./args.ts";
import { DEFAULT_LOCK_WAIT_MS, DEFAULT_REPLY_TIMEOUT_MS } from "./connect.ts";
import { devicePath, loadSettings } from "./settings.ts";
import type { CommandContext } from "./command-types.ts";

export interface VerbCommand {
  name: string;
  /** Usage line and description, without the common options. */
  usage: string;
  /** Most positionals the command takes. */
  maxPositionals: number;
  extraOptions?: Record<string, { type: "boolean" | "string"; short?: string }>;
  /** Talks to the board (through the service when it holds the port); returns the text to print (a line or more). */
  body(client: BoardSession, positionals: string[], values: Record<string, unknown>, config: AgentConfig | null): Promise<string>;
  /** Checks done before the port is opened (argument errors never touch the board). */
  validate?(positionals: string[], values: Record<string, unknown>): void;
}

const CONTROL_HELP = `      --control PATH     while \`banken run\` holds the port, go through its control socket
                         (default: the config's control-socket, else ${DEFAULT_CONTROL_SOCKET})`;

export async function runVerbCommand(spec: VerbCommand, argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec.name, argv, { ...BOARD_OPTIONS, ...CONTROL_OPTION, ...spec.extraOptions });
  if (values.help) {
    ctx.stdout.write(`${spec.usage}\n${BOARD_OPTIONS_HELP}\n${CONTROL_HELP}\n`);
    return EXIT.ok;
  }
  refuseExtraArguments(spec.name, positionals, spec.maxPositionals);
  spec.validate?.(positionals, values);
  const config = await loadSettings(values.config as string | undefined, ctx.env);
  const control = (values.control as string | undefined) ?? config?.controlSocket ?? DEFAULT_CONTROL_SOCKET;
  // The service answers within what the port would take: its lock, then the reply.
  const waitMs = durationArg("--lock-wait", values["lock-wait"] as string | undefined, DEFAULT_LOCK_WAIT_MS) +
    durationArg("--reply-timeout", values["reply-timeout"] as string | undefined, DEFAULT_REPLY_TIMEOUT_MS);
  const device = devicePath(values.port as string | undefined, config);
  const text = await withServiceOrBoard(control, device, values, waitMs, (session) => spec.body(session, positionals, values, config));
  if (text !== "") ctx.stdout.write(`${text}\n`);
  return EXIT.ok;
}
