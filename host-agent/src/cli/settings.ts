// Where a command gets its settings: the command line first, then the config file, then defaults.
// The config module (and its TOML parser) is imported only when there is a config file to read,
// so a plain `banken beat` without one stays cheap.
import { existsSync } from "node:fs";
import type { AgentConfig } from "../config/index.ts";

/** Same as DEFAULT_CONFIG_PATH in config/index.ts, repeated so that checking for it loads nothing. */
const DEFAULT_CONFIG_PATH = "/etc/banken/banken.toml";
/** The udev rule's stable name (config/index.ts DEFAULT_DEVICE). */
export const DEFAULT_DEVICE = "/dev/banken";

/**
 * The config named by --config or $BANKEN_CONFIG (an error if missing), else the default file if it
 * exists, else null (no checks: every beat is sent). BANKEN_CONFIG="" means "no config file".
 */
export async function loadSettings(configFlag: string | undefined, env: NodeJS.ProcessEnv): Promise<AgentConfig | null> {
  const named = configFlag ?? env.BANKEN_CONFIG;
  if (named === "") return null;
  if (named === undefined && !existsSync(DEFAULT_CONFIG_PATH)) return null;
  const { loadAgentConfig } = await import("../config/index.ts");
  return loadAgentConfig(named ?? DEFAULT_CONFIG_PATH, env);
}

export function devicePath(portFlag: string | undefined, config: AgentConfig | null): string {
  return portFlag ?? config?.device ?? DEFAULT_DEVICE;
}
