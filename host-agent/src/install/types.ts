// What `banken install` produces: files with their absolute install path, content and mode, plus the
// commands the administrator runs afterwards (we print them rather than run them: enabling a watchdog
// service is a decision, and the tests must not touch the machine's systemd or udev).

export interface InstallFile {
  /** Absolute path on the target system, e.g. "/etc/cron.d/banken". */
  path: string;
  text: string;
  mode: number;
}

export interface InstallPlan {
  files: InstallFile[];
  /** Shell commands to run after --write. */
  next: string[];
}

/** Facts every generator needs. */
export interface InstallOptions {
  /** Absolute path of the banken command. */
  bankenPath: string;
  /** The board's device, ideally the stable /dev/banken. */
  port: string;
  /** Run as this user (cron field, systemd User=); root when absent. */
  user?: string;
  /** Group that may open the device (udev GROUP=, systemd SupplementaryGroups=). */
  group: string;
  /** Passed on to beat/run so node_exporter sees the board. */
  metricsFile?: string;
}

/** Quote one argument for sh and for systemd's ExecStart= (both accept single quotes). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `banken <verb> --port P [--metrics-file F]` as one command line. */
export function bankenCommand(options: InstallOptions, verb: string[], withMetrics: boolean): string {
  const args = [options.bankenPath, ...verb, "--port", options.port];
  if (withMetrics && options.metricsFile !== undefined) args.push("--metrics-file", options.metricsFile);
  return args.map(shellQuote).join(" ");
}
