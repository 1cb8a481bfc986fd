// `banken doctor`: checks the whole setup and explains each problem with its fix. Exit 0 when
// nothing is wrong (warnings allowed), 2 (config error) when the config does not load, 3 otherwise.
import { join } from "node:path";
import { userInfo } from "node:os";
import { spawnSync } from "node:child_process";
import type { AgentConfig } from "../config/index.ts";
import { agentServiceInstalled, checkAccess, checkBoard, checkConfig, checkHealthNow, checkScheduler, checkStablePath } from "../doctor/checks.ts";
import { formatFinding, type Finding } from "../doctor/findings.ts";
import { checkWriteDirectories } from "../doctor/write-dirs.ts";
import { DEFAULT_CONTROL_SOCKET } from "../control/protocol.ts";
import { expectedFailure } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { bankenVersion } from "../version.ts";
import { parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import { stateDir } from "../heartbeat/sequence.ts";
import { devicePath, loadSettings } from "../cli/settings.ts";
import type { CommandContext } from "../cli/command-types.ts";

const HELP = `usage: banken doctor [--port PATH] [--config FILE]
Checks the setup and says how to fix what is wrong: device permission, the board and its firmware
version, /dev/banken and the udev rule, the config and its interval, the cron line or systemd unit,
the directories the agent writes in, and the health checks right now. Exits 0 when all is well, 2
when the config file does not load, 3 when something else is wrong.
  -p, --port PATH    the board (default: the config's device, else /dev/banken)
  -c, --config FILE  agent config (default /etc/banken/banken.toml if it exists)
      --root DIR     look for /etc and /dev under DIR (for tests and chroots)`;

function groupName(gid: number): string {
  const entry = spawnSync("getent", ["group", String(gid)], { encoding: "utf8" });
  return entry.status === 0 ? entry.stdout.split(":")[0] : String(gid);
}

export async function run(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("doctor", argv, {
    port: { type: "string", short: "p" },
    config: { type: "string", short: "c" },
    root: { type: "string", default: "/" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return void ctx.stdout.write(`${HELP}\n`), EXIT.ok;
  refuseExtraArguments("doctor", positionals);
  let config: AgentConfig | null = null;
  let configError: string | null = null;
  let configFix: string | undefined;
  try {
    config = await loadSettings(values.config, ctx.env);
  } catch (error) {
    const expected = expectedFailure(error);
    if (expected === null) throw error;
    configError = expected.message;
    configFix = (error as { fix?: string }).fix; // an untrusted file: the chmod/chown that mends it
  }
  const port = devicePath(values.port, config);
  const version = bankenVersion();
  const findings: Finding[] = [];
  const report = (f: Finding): void => {
    findings.push(f);
    ctx.stdout.write(`${formatFinding(f)}\n`);
  };
  const me = { uid: process.getuid?.() ?? userInfo().uid, groups: process.getgroups?.() ?? [], groupName };
  const access = checkAccess(port, me);
  report(access);
  const board = access.verdict === "fail" && !access.detail.includes("not in it") ? { findings: [], timeoutMs: null } : await checkBoard(port, version, agentServiceInstalled(values.root), {
    socket: config?.controlSocket ?? DEFAULT_CONTROL_SOCKET,
    unitPath: join(values.root, "etc/systemd/system/banken.service"),
  });
  board.findings.forEach(report);
  checkStablePath(values.root, port).forEach(report);
  checkConfig(config, configError, board.timeoutMs, configFix).forEach(report);
  report(checkWriteDirectories(stateDir(undefined, config?.stateDir, ctx.env), config?.metricsFile));
  report(checkScheduler(values.root));
  report(await checkHealthNow(config, ctx.signal, configError !== null));
  if (config?.fleet !== undefined) (await (await import("../fleet/doctor.ts")).checkFleet(config.fleet)).forEach(report);
  const failed = findings.filter((f) => f.verdict === "fail").length;
  const warned = findings.filter((f) => f.verdict === "warn").length;
  ctx.stdout.write(failed === 0 ? `\nall good${warned > 0 ? ` (${warned} warning(s))` : ""}\n` : `\n${failed} problem(s) to fix\n`);
  // A config that does not load is the usage/config exit code, as for every other command: it is
  // not "checks failed", which scripts read as "the host is sick".
  if (configError !== null) return EXIT.usage;
  return failed === 0 ? EXIT.ok : EXIT.checksFailed;
}
