// The machine a run was measured on: every figure is meaningless without it.
import { readFileSync } from "node:fs";
import os from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memoryMiB: number;
  node: string;
  os: string;
  load1: number;
}

export function describeMachine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryMiB: Math.round(os.totalmem() / 1048576),
    node: process.version,
    os: `${osRelease()} (kernel ${os.release()}, ${os.arch()})`,
    load1: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

function osRelease(): string {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}
