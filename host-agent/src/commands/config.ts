// `banken config get [key...]` and `banken config set key=10m ...`: the board's configuration with
// human units. A duration needs its unit (timeoutMs=10m; only 0 goes without); counts are bare.
import { AgentError } from "../errors.ts";
import type { BoardSession } from "../control/client.ts";
import { intField } from "../protocol/reply.ts";
import { boardKey, boardValue, configEntries } from "../board-values.ts";
import { formatDurationMs } from "../units.ts";
import { checkIntervalFits } from "../service/interval.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { runVerbCommand } from "../cli/verb-command.ts";

/** Checked here, not only by the board, so the message names the value and the range in the user's units. */
function assignments(pairs: string[]): { key: string; ms: number }[] {
  if (pairs.length === 0) throw new AgentError("usage", "config set: give key=value pairs, e.g. config set timeoutMs=10m warnMs=1m");
  return pairs.map((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new AgentError("usage", `config set: "${pair}" is not key=value (like timeoutMs=10m)`);
    const key = boardKey(pair.slice(0, eq));
    return { key, ms: boardValue(key, pair.slice(eq + 1)) };
  });
}

/**
 * locked=1 takes away the board's USB way back (CONSOLE, hence re-flashing), so it needs --yes after
 * this explanation; checked before the port is opened.
 */
export const LOCK_EXPLANATION =
  "locked=1 is for keeps: the board then refuses CONSOLE (so no re-flash over USB, not even flash --factory-reset), DISARM and SET locked=0, " +
  "and only physical access undoes it: hold the board's button through its first seconds after power-up (factory reset) or erase the chip with the vendor's tool (docs/security.md)";

function refuseUnconfirmedLock(pairs: string[], yes: boolean): void {
  const locking = assignments(pairs).some((change) => change.key.toLowerCase() === "locked" && change.ms !== 0);
  if (locking && !yes) throw new AgentError("usage", `${LOCK_EXPLANATION}; add --yes to lock it`);
}

async function get(client: BoardSession, keys: string[]): Promise<string> {
  const values: Record<string, number> = {};
  if (keys.length === 0) {
    const reply = await client.request("GET");
    for (const key of Object.keys(reply.fields)) values[key] = intField(reply, key);
  }
  for (const key of keys) {
    const reply = await client.request(`GET ${key}`);
    for (const name of Object.keys(reply.fields)) values[name] = intField(reply, name);
  }
  return configEntries(values).map(([key, value]) => `${key}=${value}`).join("\n");
}

async function set(client: BoardSession, pairs: string[], intervalMs: number | undefined, force: boolean): Promise<string> {
  const changes = assignments(pairs);
  const timeout = changes.find((change) => change.key.toLowerCase() === "timeoutms");
  if (timeout !== undefined && intervalMs !== undefined && !force) checkIntervalFits(intervalMs, timeout.ms, "the config file's interval");
  const reply = await client.request(`SET ${changes.map((change) => `${change.key}=${change.ms}`).join(" ")}`);
  return `set ${Object.keys(reply.fields).map((key) => `${key}=${key.endsWith("Ms") ? formatDurationMs(intField(reply, key)) : reply.fields[key]}`).join(" ")}`;
}

export function run(argv: string[], ctx: CommandContext): Promise<number> {
  return runVerbCommand(
    {
      name: "config",
      usage:
        "usage: banken config get [key...] | banken config set key=value... [--force] [--yes]\n" +
        "Durations need a unit (timeoutMs=10m warnMs=1m; 0 needs none); set refuses a timeout that leaves the config's interval no room unless --force.\n" +
        "locked=1 needs --yes: only physical access to the board undoes it.",
      maxPositionals: Infinity,
      extraOptions: { force: { type: "boolean" }, yes: { type: "boolean" } },
      validate(positionals, values) {
        const action = positionals[0];
        if (action !== "get" && action !== "set") throw new AgentError("usage", "say get or set (banken config --help)");
        if (action === "set") refuseUnconfirmedLock(positionals.slice(1), values.yes === true);
      },
      body(client, positionals, values, config) {
        if (positionals[0] === "get") return get(client, positionals.slice(1));
        return set(client, positionals.slice(1), config?.interval, values.force === true);
      },
    },
    argv,
    ctx,
  );
}
