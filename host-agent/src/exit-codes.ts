// The exit codes of `banken`, one closed list. Scripts and cron wrappers depend on these numbers:
// never renumber, only append. docs/agent.md repeats this table.

export const EXIT = {
  /** Done; for `beat`, the board acknowledged the heartbeat. */
  ok: 0,
  /** A bug: an error the agent did not expect (it prints the stack). */
  internal: 1,
  /** Bad command line or bad configuration file; nothing was sent. */
  usage: 2,
  /** A health check failed (or timed out), so no heartbeat was sent: the board keeps counting down. */
  checksFailed: 3,
  /** The serial device does not exist (unplugged, wrong --port, udev rule missing). */
  deviceMissing: 4,
  /** Another process holds the port's lock (a second agent) and did not let go in time. */
  deviceBusy: 5,
  /** The device exists but this user may not open it (add the user to group dialout). */
  permissionDenied: 6,
  /** The device did not answer in time, answered garbage, is not a banken board, or went away mid-request. */
  protocol: 7,
  /** The board answered ERR: it refused the request (locked, out of range, not allowed now). */
  refused: 8,
  /** The path exists but is not a serial port (a plain file, a directory, /dev/null): a wrong --port. */
  notSerialPort: 9,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
