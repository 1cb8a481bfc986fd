// Argument parsing shared by the commands: node:util parseArgs, with its errors turned into one
// usage line, and the options every board-talking command takes. Messages never start with the
// command name: cli.ts prefixes every failure line with "banken <command>: " already.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { AgentError } from "../errors.ts";
import { parseDurationMs } from "../units.ts";

export const BOARD_OPTIONS = {
  port: { type: "string", short: "p" },
  config: { type: "string", short: "c" },
  "reply-timeout": { type: "string" },
  "lock-wait": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const BOARD_OPTIONS_HELP = `  -p, --port PATH        serial device of the board (default: device in the config, else /dev/banken)
  -c, --config FILE      agent config (default /etc/banken/banken.toml if it exists; $BANKEN_CONFIG)
      --reply-timeout D  how long to wait for each reply (default 2s)
      --lock-wait D      how long to wait while another agent holds the port (default 2s)`;

/** The service's control socket (control/protocol.ts); run listens on it, the board commands try it first. */
export const CONTROL_OPTION = { control: { type: "string" } } as const;

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * parseArgs reads "-5m" as an unknown option ("--timeout -5s" as a missing value). No banken option
 * is a dash and a digit, so such an argument is a negative value: it is kept as one (joined to the
 * option before it, or passed as a positional after "--"), for the command to refuse by name.
 */
function keepNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  const negativePositionals: string[] = [];
  for (const [i, arg] of argv.entries()) {
    if (arg === "--") return [...out, ...argv.slice(i), ...negativePositionals];
    if (!/^-\d/.test(arg)) {
      out.push(arg);
      continue;
    }
    const previous = out[out.length - 1] ?? "";
    const name = previous.startsWith("--") ? previous.slice(2) : Object.keys(options).find((key) => previous === `-${options[key].short}`);
    if (name !== undefined && options[name]?.type === "string") out[out.length - 1] = `--${name}=${arg}`;
    else negativePositionals.push(arg);
  }
  return negativePositionals.length === 0 ? out : [...out, "--", ...negativePositionals];
}

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: keepNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AgentError("usage", `${(error as Error).message} (banken ${command} --help)`);
  }
}

/** Usage error for the first positional argument beyond the `most` the command takes. */
export function refuseExtraArguments(command: string, positionals: string[], most = 0): void {
  if (positionals.length > most) throw new AgentError("usage", `unexpected argument "${positionals[most]}" (banken ${command} --help)`);
}

/** A duration option or argument; usage error naming the flag when it is not one. */
export function durationArg(name: string, text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = parseDurationMs(text);
  if (ms === null) throw new AgentError("usage", `${name}: "${text}" is not a duration (like 10m, 30s, 1h30m, 500ms)`);
  return ms;
}
