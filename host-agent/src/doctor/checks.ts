// The checks of `banken doctor`, each with its fix. `root` prefixes every system path (/dev, /etc)
// so that tests run against a temporary tree; the serial port itself is the path given.
import { existsSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import type { AgentConfig } from "../config/index.ts";
import { checkHealth } from "../heartbeat/health-gate.ts";
import { checkIntervalFits } from "../service/interval.ts";
import { connect } from "../cli/connect.ts";
import { AgentError } from "../errors.ts";
import { formatDurationMs } from "../units.ts";
import { fail, ok, warn, type Finding } from "./findings.ts";
import { firmwareFinding, type BoardFacts } from "./board-facts.ts";
import { boardThroughService, type ServiceControl } from "./through-service.ts";

export interface Identity {
  uid: number;
  groups: number[];
  /** Group name for a gid (for the fix line). */
  groupName(gid: number): string;
}

export function checkAccess(port: string, me: Identity): Finding {
  const what = "permission on the serial device";
  // No device is no board (or another name), not a permission problem: say so under its own heading.
  if (!existsSync(port)) return fail("serial device", `no ${port}: no board plugged in, or the board has another name`, "plug the board in; `banken ports` lists candidates; then --port PATH (or the config's device)");
  const device = realpathSync(port);
  const st = statSync(device);
  if (me.uid === 0) return ok(what, `running as root (${device})`);
  if (st.uid === me.uid) return ok(what, `you own ${device}`);
  if (me.groups.includes(st.gid) && (st.mode & 0o060) === 0o060) return ok(what, `you are in group ${me.groupName(st.gid)}, which may read and write ${device}`);
  const group = me.groupName(st.gid);
  return fail(what, `${device} belongs to group ${group} and you are not in it`, `sudo usermod -aG ${group} $USER, then log out and in again (or run the agent as root)`);
}

/**
 * HELLO and STATUS: is it a banken board, and is its firmware this checkout's? `agentInstalled`: a
 * systemd unit keeps the port open all the time, so a busy port then means "the agent has it",
 * which is the healthy state; without the unit a busy port is another program in the way.
 */
export async function checkBoard(port: string, version: string, agentInstalled = false, control: ServiceControl | null = null): Promise<BoardFacts> {
  const what = "a banken board answers";
  let client;
  try {
    client = await connect(port, { "reply-timeout": "2s", "lock-wait": "1s" });
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    if (error.kind === "device-busy" && agentInstalled && control !== null) return boardThroughService(port, version, control);
    if (error.kind === "device-busy" && agentInstalled) {
      const fix = "to check the board and its firmware version too: sudo systemctl stop banken; banken doctor; sudo systemctl start banken";
      return { findings: [warn(what, `${port} is held by the running agent (banken.service), so doctor cannot ask the board itself`, fix)], timeoutMs: null };
    }
    const fix = error.kind === "device-busy" ? "another program holds the port (screen, minicom, ModemManager, brltty?): close it; `fuser -v " + port + "` shows it" : "check the cable and --port; `banken ports`";
    return { findings: [fail(what, error.message, fix)], timeoutMs: null };
  }
  try {
    const hello = await client.request("HELLO");
    const status = await client.request("STATUS");
    const findings = [ok(what, `board ${hello.fields.board} at ${port}, state ${status.fields.state}`), firmwareFinding(hello, port, version)];
    return { findings, timeoutMs: Number(status.fields.timeout) };
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    return { findings: [fail(what, error.message, "is this the banken board? flash it: banken flash --board esp32 --port " + port)], timeoutMs: null };
  } finally {
    await client.close();
  }
}

/**
 * A port name that can move (ttyUSB0 becomes ttyUSB1 after a re-plug or another adapter) leaves the
 * agent beating nothing, and the board then resets a healthy host: that is a failure, not a warning.
 */
export function checkStablePath(root: string, port: string): Finding[] {
  const rule = join(root, "etc/udev/rules.d/99-banken.rules");
  const link = join(root, "dev/banken");
  const stableName = port.includes("/by-id/") || port.includes("/by-path/");
  const findings: Finding[] = [];
  if (existsSync(rule)) findings.push(ok("udev rule", rule));
  else if (stableName) findings.push(warn("udev rule", `${rule} is missing (${port} is stable without it)`, `for /dev/banken and its permissions: sudo banken install udev --port ${port} --write`));
  else findings.push(fail("udev rule", `${rule} is missing`, `sudo banken install udev --port ${port === link ? "<the board's port, from banken ports>" : port} --write`));
  if (existsSync(link)) findings.push(ok("stable device path", `${link} → ${realpathSync(link)}`));
  else if (stableName) findings.push(ok("stable device path", `${port} (a udev by-id/by-path name)`));
  else {
    const detail = port === link
      ? `no ${link}: the udev rule gives the board this fixed name when it is plugged in, and neither is there`
      : `no ${link}, the fixed name the udev rule gives the board; the kernel's name ${port} can become another after a re-plug or reboot, and the agent would then beat nothing`;
    findings.push(fail("stable device path", detail, `sudo banken install udev --port ${port === link ? "<the board's port, from banken ports>" : port} --write, then use /dev/banken`));
  }
  return findings;
}

export function checkConfig(config: AgentConfig | null, configError: string | null, timeoutMs: number | null, fix?: string): Finding[] {
  if (configError !== null) return [fail("config", configError, fix ?? "fix the line named above (docs/health-checks.md, examples/banken.toml)")];
  if (config === null) return [warn("config", "no config file: every beat is sent without health checks", "copy examples/banken.toml to /etc/banken/banken.toml and adapt its checks")];
  const findings = [ok("config", `parses; ${config.checks.length} health check(s)`)];
  if (timeoutMs !== null) {
    const intervalMs = config.interval ?? Math.floor(timeoutMs / 3);
    try {
      checkIntervalFits(intervalMs, timeoutMs, "the interval");
      findings.push(ok("interval", `${formatDurationMs(intervalMs)} against the board's timeout of ${formatDurationMs(timeoutMs)}`));
    } catch (error) {
      findings.push(fail("interval", (error as Error).message, "lower `interval` in the config, or raise the board's timeout: banken config set timeoutMs=10m"));
    }
  }
  return findings;
}

export function checkScheduler(root: string): Finding {
  const cron = join(root, "etc/cron.d/banken");
  const unit = join(root, "etc/systemd/system/banken.service");
  const found = [cron, unit].filter((path) => existsSync(path));
  if (found.length === 2) return fail("heartbeat schedule", `both ${cron} and ${unit}: two agents fight over the port (the cron beats fail while the service holds it)`, `keep one: sudo rm ${cron}  (or: sudo systemctl disable --now banken; sudo rm ${unit})`);
  if (found.length === 1) return ok("heartbeat schedule", found[0]);
  return fail("heartbeat schedule", "neither a cron line nor the systemd unit is installed: nothing sends heartbeats", "sudo banken install systemd --write (or: sudo banken install cron --write)");
}

export async function checkHealthNow(config: AgentConfig | null, signal: AbortSignal, configBroken = false): Promise<Finding> {
  if (configBroken) return warn("health checks", "not run: the config file did not load, so its checks are unknown", "fix the config first (see above)");
  if (config === null || config.checks.length === 0) return ok("health checks", "none configured");
  const verdict = await checkHealth(config, signal);
  return verdict.passed ? ok("health checks", `all ${config.checks.length} pass right now`) : fail("health checks", verdict.summary, "until these pass the agent sends no heartbeat and the board will reset this host");
}

/** The systemd unit is installed under root (the agent then holds the port all the time). */
export function agentServiceInstalled(root: string): boolean {
  return existsSync(join(root, "etc/systemd/system/banken.service"));
}
