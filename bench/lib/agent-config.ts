// Agent config files written for a measurement (in the board's scratch directory).
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A config with `count` command checks that run `true` (the cheapest possible check). */
export function trueChecksConfig(dir: string, tty: string, count: number): string {
  const path = join(dir, `true-x${count}.toml`);
  let text = `device = "${tty}"\n`;
  for (let i = 0; i < count; i++) text += `[[checks]]\nname = "true-${i}"\nkind = "command"\ncommand = ["true"]\ntimeout = "5s"\n`;
  writeFileSync(path, text);
  return path;
}

/**
 * The checks of examples/banken.toml that work on any Linux machine without services (ping, http,
 * pidfile and systemd units there point at things this machine may not run): load, memory, root
 * disk, a file's age (the bench board's input log, which every beat touches) and one command.
 */
export function serviceConfig(dir: string, tty: string): string {
  const path = join(dir, "service.toml");
  writeFileSync(
    path,
    `device = "${tty}"
check-deadline = "900ms"
[[checks]]
name = "load"
kind = "load"
max-load-1 = 24
max-load-15 = 12
timeout = "500ms"
[[checks]]
name = "memory"
kind = "memory"
min-memory = "64MiB"
timeout = "500ms"
[[checks]]
name = "root-disk"
kind = "disk"
path = "/"
min-free = "1%"
timeout = "500ms"
[[checks]]
name = "board-input-log"
kind = "file"
path = "${join(dir, "received.log")}"
max-age = "1m"
timeout = "500ms"
[[checks]]
name = "app"
kind = "command"
command = ["true"]
timeout = "500ms"
`,
  );
  return path;
}
