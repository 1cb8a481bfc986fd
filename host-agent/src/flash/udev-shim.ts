// The espruino CLI opens only ports that `serialport.list()` reports, and on Linux that list comes
// from `udevadm info -e`: a /dev/banken or /dev/serial/by-id symlink is never in it, and without
// udev (containers, rescue systems) nothing is. So the CLI runs with a `udevadm` of ours first on
// PATH that lists exactly the port we flash (the "N:" name must look like a USB tty for the list).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface UdevShim {
  /** Environment for the CLI: PATH with the shim first. */
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function udevShim(port: string, env: NodeJS.ProcessEnv): UdevShim {
  const dir = mkdtempSync(join(tmpdir(), "banken-flash-"));
  const script = `#!/bin/sh\n# banken flash: lists the one port being flashed (see host-agent/src/flash/udev-shim.ts)\nprintf 'P: /devices/banken-flash\\nN: ttyUSB-banken\\nE: DEVNAME=%s\\n\\n' "$BANKEN_FLASH_PORT"\n`;
  writeFileSync(join(dir, "udevadm"), script);
  chmodSync(join(dir, "udevadm"), 0o755);
  return {
    env: { ...env, PATH: `${dir}${delimiter}${env.PATH ?? ""}`, BANKEN_FLASH_PORT: port },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
