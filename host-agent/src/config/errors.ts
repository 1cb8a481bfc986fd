// The one error the config module throws. Its message is the whole story for the user, in the
// compiler style editors understand: "banken.toml:12: checks[2].timeout: expected a duration like 10s".

export class ConfigError extends Error {
  /** Tag for callers that switch on error kinds (exit code "config error"). */
  readonly code = "CONFIG" as const;
  /** The command that mends it, when there is one (an untrusted file: chmod/chown), for doctor. */
  fix?: string;

  constructor(
    /** The file name as given (a path, or a label like "banken.toml"). */
    readonly file: string,
    /** 1-based line the problem is on; undefined when it concerns the file as a whole. */
    readonly line: number | undefined,
    /** The key path, e.g. "checks[2].timeout"; undefined for syntax and file errors. */
    readonly key: string | undefined,
    /** The reason alone, without file, line and key. */
    readonly reason: string,
    /** 1-based column, for TOML syntax errors. */
    readonly column?: number,
  ) {
    super(`${file}${line === undefined ? "" : `:${line}`}${column === undefined ? "" : `:${column}`}: ${key === undefined ? "" : `${key}: `}${reason}`);
    this.name = "ConfigError";
  }
}
