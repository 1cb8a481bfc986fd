// The command table. Each command is its own module, imported only when it runs, so `banken beat`
// never loads the code of `status` or `install`. To add a command, add one line.
import type { CommandEntry } from "../cli/command-types.ts";

export const COMMANDS: Record<string, CommandEntry> = {
  beat: { summary: "run the health checks; if they pass, send one heartbeat (for cron)", load: () => import("./beat.ts") },
  run: { summary: "the service: heartbeats every interval while the checks pass", load: () => import("./run.ts") },
  status: { summary: "the board's state, time left, config and history [--json]", load: () => import("./status.ts") },
  config: { summary: "config get [key] | config set key=10m ...", load: () => import("./config.ts") },
  hold: { summary: "hold 30m | hold off: suspend judgment for planned work (max 24h)", load: () => import("./hold.ts") },
  arm: { summary: "start the countdown now", load: () => import("./arm.ts") },
  disarm: { summary: "stop judging until the next heartbeat (refused when locked)", load: () => import("./disarm.ts") },
  test: { summary: "test led | test relay --yes: light the LED, or pulse the reset relay for real", load: () => import("./test.ts") },
  log: { summary: "the board's event history, raw", load: () => import("./log.ts") },
  ports: { summary: "candidate serial devices, their stable names, and whether a banken board answers [--json]", load: () => import("./ports.ts") },
  flash: { summary: "flash --board esp32 --port PATH: build if needed and write the firmware to the board", load: () => import("./flash.ts") },
  sim: { summary: "sim [--port-link /tmp/banken-tty]: a simulated board on a pty until Ctrl-C", load: () => import("./sim.ts") },
  demo: { summary: "the whole job on a simulated board, no hardware needed (npm start) [--fast]", load: () => import("./demo.ts") },
  doctor: { summary: "check the setup and explain each problem with its fix [--port] [--config]", load: () => import("./doctor.ts") },
  fleet: { summary: "fleet status [--json] | unlock <id> | set-max <n>: the group the fleet guard shares (docs/fleet.md)", load: () => import("./fleet.ts") },
  install: { summary: "install cron|systemd|udev [--write]: print or install a crontab line, the service and its hooks, a udev rule", load: () => import("./install.ts") },
};
