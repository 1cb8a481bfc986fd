// The service and its two hooks:
// - banken.service runs `banken run` (Restart=always, logs to journald). On SIGTERM the agent stops
//   without disarming: a dead agent must still get a hung host reset.
// - banken-shutdown.service: its ExecStop runs during a planned shutdown and tells the board to hold
//   (reboot, kexec) or to disarm (poweroff: otherwise the board would power the host back on after the hold).
//   It is ordered Before=banken.service, so at shutdown it is stopped *after* the agent, when the port
//   (which the agent locks) is free.
// - banken-sleep.service: started on the way into suspend; Conflicts=banken.service stops the agent
//   first (systemd orders a stop before a start), then it disarms or holds the board; on resume
//   StopWhenUnneeded stops it, which ends the hold and starts the agent again.
import { bankenCommand, shellQuote } from "./types.ts";
import type { InstallOptions, InstallPlan } from "./types.ts";

/** Long enough for a slow reboot with fsck; the agent ends it with `hold off` when it starts. */
export const SHUTDOWN_HOLD = "15m";

function serviceUser(options: InstallOptions): string[] {
  return options.user === undefined ? [] : [`User=${options.user}`, `SupplementaryGroups=${options.group}`];
}

function agentUnit(options: InstallOptions): string {
  return `[Unit]
Description=banken hardware watchdog agent: heartbeats while the host is healthy
Documentation=file:/usr/share/doc/banken/agent.md
Wants=network-online.target
After=network-online.target
# Keep retrying while the board is unplugged.
StartLimitIntervalSec=0

[Service]
Type=simple
${serviceUser(options).map((line) => `${line}\n`).join("")}# End a hold left by banken-shutdown.service; "-": a missing board must not stop the agent starting.
ExecStartPre=-${bankenCommand(options, ["hold", "off"], false)}
ExecStart=${bankenCommand(options, ["run"], true)}
# /run/banken/control.sock: status, hold, config, log, arm, disarm and test reach the board through
# the agent while it holds the port. Only the service's user (and root) may enter the directory.
RuntimeDirectory=banken
RuntimeDirectoryMode=0700
Restart=always
RestartSec=5
# SIGTERM stops the agent without disarming: the board keeps counting down. The whole cgroup goes
# with it, so a check that escaped with setsid does not outlive the agent.
KillMode=control-group
KillSignal=SIGTERM
TimeoutStopSec=10
StandardOutput=journal
StandardError=journal
SyslogIdentifier=banken

[Install]
WantedBy=multi-user.target
`;
}

function shutdownUnit(options: InstallOptions): string {
  const disarm = bankenCommand(options, ["disarm"], false);
  const holdLong = bankenCommand(options, ["hold", "24h"], false);
  const holdReboot = bankenCommand(options, ["hold", SHUTDOWN_HOLD], false);
  // A locked board refuses DISARM; then the longest hold is the best we can do. A kexec is a reboot
  // into another kernel, which may hang like any boot: it gets the reboot's hold, never DISARM.
  const script = `if systemctl list-jobs | grep -Eq "(poweroff|halt)[.]target"; then ${disarm} || ${holdLong}; else ${holdReboot}; fi`;
  return `[Unit]
Description=banken: hold the watchdog during a planned reboot, disarm it for a poweroff
Before=banken.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
ExecStop=/bin/sh -c ${shellQuote(script)}
TimeoutStopSec=30

[Install]
WantedBy=multi-user.target
`;
}

function sleepUnit(options: InstallOptions): string {
  const disarm = bankenCommand(options, ["disarm"], false);
  const holdLong = bankenCommand(options, ["hold", "24h"], false);
  return `[Unit]
Description=banken: keep the watchdog from resetting a sleeping host
Before=sleep.target
Conflicts=banken.service
After=banken.service
StopWhenUnneeded=yes

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c ${shellQuote(`${disarm} || ${holdLong}`)}
ExecStop=-${bankenCommand(options, ["hold", "off"], false)}
ExecStopPost=/bin/systemctl --no-block start banken.service

[Install]
WantedBy=sleep.target
`;
}

export function systemdPlan(options: InstallOptions): InstallPlan {
  const dir = "/etc/systemd/system";
  return {
    files: [
      { path: `${dir}/banken.service`, text: agentUnit(options), mode: 0o644 },
      { path: `${dir}/banken-shutdown.service`, text: shutdownUnit(options), mode: 0o644 },
      { path: `${dir}/banken-sleep.service`, text: sleepUnit(options), mode: 0o644 },
    ],
    next: ["systemctl daemon-reload", "systemctl enable --now banken.service banken-shutdown.service", "systemctl enable banken-sleep.service"],
  };
}
