// Turns the native binding's open errors (plain strings like "Error: Permission denied, cannot open
// /dev/ttyUSB0") into tagged AgentErrors with the fix in the message.
import { statSync } from "node:fs";
import { AgentError } from "../errors.ts";

function isCharacterDevice(path: string): boolean {
  try {
    return statSync(path).isCharacterDevice();
  } catch {
    return true; // gone since: the message of the error at hand says more than a guess
  }
}

/** The lock is taken by another process (flock, LOCK_EX|LOCK_NB): retry, then report busy. */
export function isLockContention(error: unknown): boolean {
  return error instanceof Error && /Cannot lock port|temporarily unavailable|EWOULDBLOCK|EAGAIN/i.test(error.message);
}

export function openError(path: string, error: unknown): AgentError {
  const message = error instanceof Error ? error.message : String(error);
  if (/No such file|ENOENT|No such device|ENXIO|ENODEV/i.test(message)) {
    return new AgentError(
      "device-missing",
      `no device at ${path}: is the board plugged in? (--port PATH, or \`banken ports\` to list candidates)`,
    );
  }
  if (/Permission denied|EACCES|EPERM/i.test(message)) {
    return new AgentError(
      "permission-denied",
      `permission denied on ${path}: add this user to the port's group (usually: sudo usermod -aG dialout $USER, then log in again), or install the udev rule (banken install udev)`,
    );
  }
  if (isLockContention(error) || /EBUSY|Device or resource busy/i.test(message)) {
    return busyError(path);
  }
  // A regular file opens fine and then fails the first terminal ioctl (ENOTTY); a directory, EISDIR.
  if (/Inappropriate ioctl|ENOTTY|EISDIR|Is a directory/i.test(message) || !isCharacterDevice(path)) {
    return new AgentError("not-serial-port", `${path} is not a serial port (one is a character device such as /dev/ttyUSB0 or /dev/banken; \`banken ports\` lists them)`);
  }
  return new AgentError("device-missing", `cannot open ${path}: ${message.replace(/^Error:?\s*/, "")}`);
}

export function busyError(path: string): AgentError {
  return new AgentError("device-busy", `${path} is in use by another program (another banken agent?); gave up waiting for it`);
}
