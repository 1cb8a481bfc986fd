// `banken ports [--json] [--no-probe] [--probe-ms N]`: candidate serial devices, their stable names,
// USB identity and bridge kind, and whether a banken board answers HELLO there.
import { AgentError } from "../errors.ts";
import { parseCommandArgs, refuseExtraArguments } from "../cli/args.ts";
import type { CommandContext } from "../cli/command-types.ts";
import { EXIT } from "../exit-codes.ts";
import { listPorts, SYSTEM_ROOTS } from "../ports/list.ts";
import type { PortCandidate, PortRoots } from "../ports/list.ts";
import { serialportList } from "../ports/library-list.ts";
import { probeWithBoardPort } from "../ports/probe.ts";
import type { ProbeResult, Prober } from "../ports/probe.ts";

export interface PortsContext extends Pick<CommandContext, "stdout" | "stderr"> {
  /** Tests point these at a temporary tree. */
  portRoots?: PortRoots;
  prober?: Prober;
}

const USAGE = `usage: banken ports [--json] [--no-probe] [--probe-ms N]
Lists USB serial devices with the stable path to use, and whether a banken board answers HELLO there.
  --json        machine-readable
  --no-probe    only list; open no port
  --probe-ms N  how long to wait for each HELLO reply (default 700)
`;

const OPTIONS = {
  json: { type: "boolean" },
  "no-probe": { type: "boolean" },
  "probe-ms": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Short enough for an interactive command, long enough for a board busy writing flash. */
const DEFAULT_PROBE_MS = 700;

interface Row {
  port: PortCandidate;
  probe?: ProbeResult;
}

function describeRow(row: Row): string {
  const p = row.port;
  const identity = [p.bridge, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : undefined, p.serialNumber ? `serial ${p.serialNumber}` : "no serial"]
    .filter((part) => part !== undefined)
    .join(" ");
  const lines = [p.stablePath, `  device ${p.device}  ${identity}${p.product ? `  "${p.product}"` : ""}`];
  for (const link of [...p.byId, ...p.byPath]) if (link !== p.stablePath) lines.push(`  also   ${link}`);
  if (row.probe) lines.push(`  board  ${row.probe.verdict === "banken" ? "banken answers" : row.probe.verdict}: ${row.probe.detail}`);
  return lines.join("\n");
}

export async function run(argv: string[], ctx: PortsContext): Promise<number> {
  const { values, positionals } = parseCommandArgs("ports", argv, OPTIONS);
  if (values.help) {
    ctx.stdout.write(USAGE);
    return EXIT.ok;
  }
  refuseExtraArguments("ports", positionals);
  const probeMs = values["probe-ms"] === undefined ? DEFAULT_PROBE_MS : Number(values["probe-ms"]);
  if (!Number.isInteger(probeMs) || probeMs <= 0) throw new AgentError("usage", "--probe-ms wants a positive whole number of milliseconds");

  // The library's list is asked only on the real machine: its udevadm knows nothing of a test tree.
  const report = ctx.portRoots ? await listPorts(ctx.portRoots) : await listPorts(SYSTEM_ROOTS, serialportList);
  const prober = ctx.prober ?? probeWithBoardPort;
  // Different devices, so probing them concurrently is safe and keeps the command at one deadline.
  const rows: Row[] = await Promise.all(
    report.ports.map(async (port) => ({ port, probe: values["no-probe"] ? undefined : await prober(port.device, probeMs) })),
  );

  if (values.json) {
    ctx.stdout.write(`${JSON.stringify({ ports: rows.map((r) => ({ ...r.port, probe: r.probe })), notes: report.notes }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (rows.length === 0) ctx.stdout.write("no USB serial devices found (read /sys/class/tty and /dev/serial)\n");
  ctx.stdout.write(rows.map(describeRow).join("\n\n") + (rows.length > 0 ? "\n" : ""));
  for (const note of report.notes) ctx.stdout.write(`note: ${note}\n`);
  return EXIT.ok;
}
