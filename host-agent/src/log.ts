// Service-mode log lines. No timestamps: journald (and docker, and runit) add their own.
// State changes and progress go to stdout, problems to stderr, so `2>` separates them.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export function streamLogger(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Logger {
  return {
    info: (message) => void stdout.write(`banken: ${message}\n`),
    warn: (message) => void stderr.write(`banken: ${message}\n`),
  };
}
