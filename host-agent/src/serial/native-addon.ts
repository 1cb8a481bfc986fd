// The native addon of @serialport/bindings-cpp, loaded on its own. The library's JavaScript layer
// (dist/linux.js) pulls in 28 CommonJS modules (debug, supports-color, the udev lister, a line parser,
// streams) and costs `banken beat` ~9 MB of RSS and tens of milliseconds; the addon alone costs ~1 MB.
// The addon file is the one the library itself loads (node-gyp-build from the library's directory),
// so the same compiled code opens, locks and configures the port. The library has no public API for
// the addon alone, so it is pinned exactly in package.json, and test/serial-internals.test.ts fails,
// naming what to re-read, when a new version changes what this file and native-port.ts copy.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** uv_poll event flags, as the addon's Poller takes and reports them. */
export const POLL_READABLE = 0b0001;
export const POLL_WRITABLE = 0b0010;

type Done<T = void> = (error: Error | null, value: T) => void;

/** The addon's open() options (src/serialport.cpp reads every one of these). */
export interface AddonOpenOptions {
  baudRate: number;
  dataBits: number;
  stopBits: number;
  parity: string;
  rtscts: boolean;
  xon: boolean;
  xoff: boolean;
  xany: boolean;
  hupcl: boolean;
  lock: boolean;
  vmin: number;
  vtime: number;
}

export interface AddonModemLines {
  brk: boolean;
  cts: boolean;
  dsr: boolean;
  dtr: boolean;
  rts: boolean;
}

/** A uv_poll handle on an fd: poll(flags) arms it, the callback gets (error, flags) once per event. */
export interface AddonPoller {
  poll(flags: number): void;
  stop(): void;
  destroy(): void;
}

export interface SerialAddon {
  open(path: string, options: AddonOpenOptions, done: Done<number>): void;
  close(fd: number, done: Done): void;
  set(fd: number, lines: AddonModemLines, done: Done): void;
  flush(fd: number, done: Done): void;
  drain(fd: number, done: Done): void;
  Poller: new (fd: number, onEvent: (error: Error | null, flags: number) => void) => AddonPoller;
}

let addon: SerialAddon | null = null;

export function loadAddon(): SerialAddon {
  if (addon === null) {
    const library = dirname(createRequire(import.meta.url).resolve("@serialport/bindings-cpp/package.json"));
    const requireFromLibrary = createRequire(join(library, "package.json"));
    const prebuilt = commonPrebuild(library);
    if (prebuilt !== null) addon = requireFromLibrary(prebuilt) as SerialAddon;
    else addon = (requireFromLibrary("node-gyp-build") as (dir: string) => SerialAddon)(library);
  }
  return addon;
}

/** Environment variables that change node-gyp-build's choice of file. */
const CHOICE_VARIABLES = ["SERIALPORT_BINDINGS_CPP_PREBUILD", "PREBUILDS_ONLY", "LIBC", "ARM_VERSION", "npm_config_arch", "npm_config_platform"];
const PREBUILD_TAG: Partial<Record<string, string>> = { "linux-x64": "", "linux-arm64": "armv8." };

/**
 * The file node-gyp-build would pick on the common hosts (Linux x64 and arm64 with the package's
 * prebuilds), found without loading node-gyp-build: compiling it and its directory scans cost
 * ~5 ms of a `banken beat`. Anything unusual (a local compile in build/, other platforms, the
 * variables above) returns null, and node-gyp-build itself decides. Tested against node-gyp-build.
 */
export function commonPrebuild(library: string): string | null {
  const tuple = `${process.platform}-${process.arch}`;
  const tag = PREBUILD_TAG[tuple];
  if (tag === undefined || existsSync(join(library, "build")) || CHOICE_VARIABLES.some((name) => process.env[name] !== undefined)) return null;
  // node-gyp-build's libc test.
  const libc = existsSync("/etc/alpine-release") ? "musl" : "glibc";
  const file = join(library, "prebuilds", tuple, `@serialport+bindings-cpp.${tag}${libc}.node`);
  return existsSync(file) ? file : null;
}

/** Calls an addon function that ends with a Node-style callback. */
export function call<T = void>(start: (done: Done<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}
