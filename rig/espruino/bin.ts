// Where the real interpreter is: ESPRUINO_BIN (a Linux build of upstream Espruino, see
// docs/bench-rig.md). Without it the real-interpreter tests skip and say why.
import { accessSync, constants, statSync } from "node:fs";
import { resolve } from "node:path";

export const NO_INTERPRETER = "ESPRUINO_BIN is not set (the path of a Linux build of the Espruino interpreter)";

/** The interpreter's absolute path, or undefined when ESPRUINO_BIN is unset; a one-line error when it is unusable. */
export function espruinoBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = (env.ESPRUINO_BIN ?? "").trim();
  if (raw === "") return undefined;
  const path = resolve(raw);
  try {
    if (!statSync(path).isFile()) throw new Error("not a file");
    accessSync(path, constants.X_OK);
  } catch {
    throw new EspruinoBinError(`ESPRUINO_BIN=${raw}: no executable file there`);
  }
  return path;
}

export class EspruinoBinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EspruinoBinError";
    this.stack = `${this.name}: ${message}`;
  }
}
