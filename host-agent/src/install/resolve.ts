// Finds the port a udev rule is for: --port may be the kernel node, a by-id/by-path link or
// /dev/banken; without --port, the only candidate there is.
import { realpath } from "node:fs/promises";
import { basename } from "node:path";
import { AgentError } from "../errors.ts";
import { listPorts } from "../ports/list.ts";
import type { PortCandidate, PortRoots } from "../ports/list.ts";

export async function resolvePort(roots: PortRoots, port: string | undefined): Promise<PortCandidate> {
  const { ports } = await listPorts(roots);
  if (port === undefined) {
    if (ports.length === 1) return ports[0];
    const listed = ports.map((p) => p.stablePath).join(", ");
    throw new AgentError("usage", ports.length === 0 ? "udev: no USB serial device found; plug the board in" : `udev: several devices (${listed}); choose one with --port`);
  }
  let name: string;
  try {
    name = basename(await realpath(port));
  } catch {
    throw new AgentError("device-missing", `udev: no device at ${port} (banken ports lists candidates)`);
  }
  const found = ports.find((p) => basename(p.device) === name);
  if (found === undefined) throw new AgentError("usage", `udev: ${port} is not a USB serial device (banken ports lists candidates)`);
  return found;
}
