// kind = "ping": is a host reachable? With `port`, a TCP connect (no privileges needed, proves a
// service listens); without, one ICMP echo through the system `ping` (watchdog.conf `ping`).

import { connect } from "node:net";
import { describeEnd, lastLine, runCommand } from "./command-runner.ts";
import type { CheckContext, CheckFunction, CheckOutcome, PingCheck } from "./types.ts";

export const pingCheck: CheckFunction<PingCheck> = (spec, context) =>
  spec.port === undefined ? icmpPing(spec.host, context) : tcpConnect(spec.host, spec.port, context);

async function icmpPing(host: string, context: CheckContext): Promise<CheckOutcome> {
  const waitSeconds = Math.max(1, Math.ceil(context.timeoutMs / 1000));
  const result = await runCommand(["ping", "-c", "1", "-W", String(waitSeconds), host], context.timeoutMs, { signal: context.signal, env: context.env });
  if (result.startError === "not found") {
    return { status: "unknown", detail: "the system ping is not installed; add port = N to check with a TCP connect instead" };
  }
  if (result.startError !== undefined) return { status: "unknown", detail: `ping ${describeEnd(result)}` };
  if (result.code === 0) return { status: "ok", detail: `${host} answered a ping` };
  if (/not permitted|permission denied/i.test(result.output)) {
    return { status: "unknown", detail: "ping is not permitted here (no raw socket or ping_group_range); add port = N for a TCP check" };
  }
  if (result.code === 1) return { status: "fail", detail: `no reply from ${host}` };
  const said = lastLine(result.output);
  return { status: "fail", detail: `ping ${host} ${describeEnd(result)}${said === "" ? "" : `: ${said}`}` };
}

function tcpConnect(host: string, port: number, context: CheckContext): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (outcome: CheckOutcome) => {
      socket.destroy();
      context.signal.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const onAbort = () => done({ status: "unknown", detail: "aborted" }); // the runner reports the timeout
    context.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => done({ status: "ok", detail: `${host}:${port} accepts TCP connections` }));
    socket.once("error", (error: NodeJS.ErrnoException) => done({ status: "fail", detail: describeConnectError(host, port, error) }));
  });
}

function describeConnectError(host: string, port: number, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED": return `${host}:${port} refused the connection (nothing listening)`;
    case "EHOSTUNREACH": return `${host} is unreachable (no route)`;
    case "ENETUNREACH": return `the network of ${host} is unreachable`;
    case "ENOTFOUND": return `cannot resolve ${host}`;
    case "EAI_AGAIN": return `cannot resolve ${host} right now (DNS not answering)`;
    case "ETIMEDOUT": return `connecting to ${host}:${port} timed out`;
    default: return `cannot connect to ${host}:${port}: ${error.message}`;
  }
}
