// `banken install cron|systemd|udev [--write] [--root DIR] ...`: prints the files, or with --write
// installs them atomically under --root (default /) and prints the commands to run next.
import { join } from "node:path";
import { AgentError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { writeFileAtomic } from "../install/atomic-write.ts";
import { cronPlan } from "../install/cron.ts";
import { locateBanken } from "../install/locate.ts";
import { resolvePort } from "../install/resolve.ts";
import { systemdPlan } from "../install/systemd.ts";
import type { InstallOptions, InstallPlan } from "../install/types.ts";
import { udevPlan } from "../install/udev.ts";
import { SYSTEM_ROOTS } from "../ports/list.ts";
import type { PortRoots } from "../ports/list.ts";
import { durationArg, parseCommandArgs } from "../cli/args.ts";
import type { CommandContext } from "../cli/command-types.ts";

export interface InstallContext extends Pick<CommandContext, "stdout" | "stderr" | "env"> {
  /** Tests point the udev port lookup at a temporary tree. */
  portRoots?: PortRoots;
}

const USAGE = `usage: banken install cron|systemd|udev [options]
  --write              install the files (atomically) instead of printing them
  --root DIR           install under DIR instead of / (for images and tests)
  --port PATH          the board's device (default /dev/banken; udev: the only USB serial device)
  --user USER          run the agent as USER (default root); udev: owner of /dev/banken
  --group GROUP        group that may open the device (default dialout)
  --banken PATH        the banken command (default: found in PATH)
  --metrics-file FILE  node_exporter textfile for beat/run
  --board-timeout D    cron: the board's timeout, checked against the one-minute interval (default 10m)
  --force              cron: accept a board timeout below three minutes
`;

const OPTIONS = {
  write: { type: "boolean" },
  root: { type: "string" },
  port: { type: "string", short: "p" },
  user: { type: "string" },
  group: { type: "string" },
  banken: { type: "string" },
  "metrics-file": { type: "string" },
  "board-timeout": { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Paths end up in sh -c scripts and unit files: no quotes, spaces, `$` or systemd `%` specifiers. */
const SAFE_PATH = /^\/[A-Za-z0-9_./:@+,=-]+$/;
const SAFE_NAME = /^[a-z_][a-z0-9_-]*\$?$/i;

function checked(what: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new AgentError("usage", `${what} "${value}" has characters a unit file or crontab cannot carry safely`);
  return value;
}

export async function run(argv: string[], ctx: InstallContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("install", argv, OPTIONS);
  if (values.help) {
    ctx.stdout.write(USAGE);
    return EXIT.ok;
  }
  const kind = positionals[0];
  if (positionals.length !== 1 || !["cron", "systemd", "udev"].includes(kind)) {
    throw new AgentError("usage", "say what to install: cron, systemd or udev (banken install --help)");
  }
  const options: InstallOptions = {
    bankenPath: checked("--banken", values.banken ?? locateBanken(ctx.env.PATH), SAFE_PATH),
    port: checked("--port", values.port ?? "/dev/banken", SAFE_PATH),
    group: checked("--group", values.group ?? "dialout", SAFE_NAME),
  };
  if (values.user !== undefined) options.user = checked("--user", values.user, SAFE_NAME);
  if (values["metrics-file"] !== undefined) options.metricsFile = checked("--metrics-file", values["metrics-file"], SAFE_PATH);

  let plan: InstallPlan;
  if (kind === "cron") plan = cronPlan(options, durationArg("--board-timeout", values["board-timeout"], 600000), values.force === true);
  else if (kind === "systemd") plan = systemdPlan(options);
  else plan = udevPlan(options, await resolvePort(ctx.portRoots ?? SYSTEM_ROOTS, values.port));

  if (!values.write) {
    for (const file of plan.files) ctx.stdout.write(`# ==> ${file.path} <==\n${file.text}\n`);
    ctx.stdout.write(`# to install: banken install ${kind} --write (as root)${plan.next.length > 0 ? ", then:" : ""}\n`);
    for (const line of plan.next) ctx.stdout.write(`#   ${line}\n`);
    return EXIT.ok;
  }
  const root = values.root ?? "/";
  for (const file of plan.files) {
    const target = join(root, file.path);
    try {
      await writeFileAtomic(target, file.text, file.mode);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EACCES" || code === "EPERM") throw new AgentError("permission-denied", `cannot write ${target}: run as root (sudo)`);
      throw new AgentError("usage", `cannot write ${target}: ${(error as Error).message}`);
    }
    ctx.stdout.write(`wrote ${target}\n`);
  }
  if (plan.next.length > 0) ctx.stdout.write(`next:\n${plan.next.map((line) => `  ${line}\n`).join("")}`);
  return EXIT.ok;
}
