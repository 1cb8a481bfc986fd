// What every command module exports, and what cli.ts hands it.
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGTERM/SIGINT; long-running commands (run) stop cleanly on it. */
  signal: AbortSignal;
}

export interface CommandModule {
  /** Returns the exit code (EXIT in exit-codes.ts); throws AgentError for expected failures. */
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

export interface CommandEntry {
  /** One line for `banken help`. */
  summary: string;
  load(): Promise<CommandModule>;
}
