// One [[checks]] table → one CheckSpec. The keys follow Debian's watchdog.conf where it has a word
// for the thing (max-load-1, min-memory, pidfile), with human units instead of pages and seconds.

import { CHECK_KINDS, type CheckKind, type CheckSpec } from "../checks/types.ts";
import type { TableReader } from "./table-reader.ts";

/** A check without its own `timeout` gets this long, or check-deadline when that is shorter. */
export const DEFAULT_CHECK_TIMEOUT_MS = 10000;

/** `deadlineMs`: check-deadline; a default must fit it, since the user never wrote one that does not. */
export function readCheck(table: TableReader, index: number, deadlineMs = Infinity): CheckSpec {
  const kind = table.requiredString("kind", "ping");
  if (!(CHECK_KINDS as readonly string[]).includes(kind)) table.fail("kind", `unknown kind "${kind}" (one of ${CHECK_KINDS.join(", ")})`);
  const common = {
    name: table.string("name") ?? `${kind}-${index}`,
    timeoutMs: table.duration("timeout") ?? Math.min(DEFAULT_CHECK_TIMEOUT_MS, deadlineMs),
  };
  const spec = readKind(kind as CheckKind, table, common);
  table.finish();
  return spec;
}

type Common = { name: string; timeoutMs: number };

function readKind(kind: CheckKind, table: TableReader, common: Common): CheckSpec {
  switch (kind) {
    case "ping": {
      const host = table.requiredString("host", "192.168.1.1");
      // It becomes an argument of the system ping: it must not read as an option.
      if (host.startsWith("-") || /\s/.test(host)) table.fail("host", "expected a host name or address");
      const port = table.integer("port", 1, 65535);
      return port === undefined ? { kind, ...common, host } : { kind, ...common, host, port };
    }
    case "http": {
      const url = table.requiredString("url", "http://127.0.0.1:8080/health");
      if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) table.fail("url", "expected an http:// or https:// URL");
      return { kind, ...common, url, expectStatus: table.integers("status", 100, 599) ?? [200], insecure: table.boolean("insecure") ?? false };
    }
    case "file": {
      const path = table.requiredString("path", "/var/log/syslog");
      const maxAgeMs = table.duration("max-age") ?? table.fail("max-age", 'missing (e.g. max-age = "5m": the file must have changed within it)');
      return { kind, ...common, path, maxAgeMs };
    }
    case "load": {
      const limits = { maxLoad1: table.positiveNumber("max-load-1"), maxLoad5: table.positiveNumber("max-load-5"), maxLoad15: table.positiveNumber("max-load-15") };
      if (limits.maxLoad1 === undefined && limits.maxLoad5 === undefined && limits.maxLoad15 === undefined) {
        table.fail(undefined, "a load check needs at least one of max-load-1, max-load-5, max-load-15");
      }
      return { kind, ...common, ...withoutUndefined(limits) };
    }
    case "memory": {
      const size = table.size("min-memory", false) ?? table.fail("min-memory", 'missing (e.g. min-memory = "256MiB" of available memory)');
      return { kind, ...common, minAvailableBytes: (size as { bytes: number }).bytes };
    }
    case "disk": {
      const path = table.string("path") ?? "/";
      const size = table.size("min-free", true) ?? table.fail("min-free", 'missing (e.g. min-free = "1GiB" or "10%")');
      return "percent" in size ? { kind, ...common, path, minFreePercent: size.percent } : { kind, ...common, path, minFreeBytes: size.bytes };
    }
    case "pidfile":
      return { kind, ...common, path: table.requiredString("path", "/run/sshd.pid") };
    case "systemd":
      return { kind, ...common, unit: table.requiredString("unit", "nginx.service") };
    case "command": {
      const command = table.command("command") ?? table.fail("command", 'missing (e.g. command = ["/usr/local/bin/app-healthy", "--quiet"])');
      const args = table.stringArray("args");
      if (args !== undefined && command.length > 1) table.fail("args", "give the arguments either in the command array or in args, not both");
      return { kind, ...common, argv: [...command, ...(args ?? [])] };
    }
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as Partial<T>;
}
