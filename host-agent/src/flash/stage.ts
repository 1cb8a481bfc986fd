// The board-side steps of a staged flash, sent to the Espruino REPL. The new firmware goes to a
// staging file first; the board's own E.CRC32 and length must match the bundle before the staged copy
// becomes .bootcde, so a cut or rejected upload leaves the old .bootcde untouched. Storage.write at
// offset 0 of an existing file erases the old header and writes a new file (Espruino's jsfWriteFile):
// the only moment without a valid .bootcde is that copy, a few ms of flash writes.
import { crc32 } from "node:zlib";
import { AgentError } from "../errors.ts";
import type { LineSession } from "./line-session.ts";
import { askRepl } from "./repl-query.ts";

/** Where the upload lands before it is verified (a Storage name: at most 28 characters). */
export const STAGED_FILE = "bankenfw.new";
export const BOOT_FILE = ".bootcde";
/** Each Storage file costs a header and alignment; generous, so that no write needs a compaction. */
const FILE_OVERHEAD_BYTES = 256;
/**
 * The copy goes in slices, each made a RAM string first (`""+`): on a board Storage.read returns a
 * string that points into flash, and the ESP8266's flash write must not read its source from flash.
 */
const COPY_SLICE_BYTES = 512;
/** Copying and CRC-checking on a slow board takes more than a plain answer. */
const COPY_WAIT_MS = 15000;
/** Between the board's last answer and its restart. */
const LOAD_DELAY_MS = 50;

export interface Digest {
  length: number;
  crc: number;
}

export function digestOf(bytes: Buffer): Digest {
  return { length: bytes.length, crc: crc32(bytes) };
}

const storageName = (name: string): string => JSON.stringify(name);

/** The length and E.CRC32 of a Storage file as the board reads it, or null when there is none. */
export async function boardDigest(session: LineSession, port: string, name: string): Promise<Digest | null> {
  const answer = await askRepl(session, port, "", `(function(f){return f===undefined?"none":f.length+" "+E.CRC32(f);})(require("Storage").read(${storageName(name)}))`, COPY_WAIT_MS);
  if (answer === "none") return null;
  const hit = /^(\d+) (\d+)$/.exec(answer);
  if (hit === null) throw new AgentError("protocol", `${port}: unexpected answer about ${name}: ${answer}`);
  return { length: Number(hit[1]), crc: Number(hit[2]) };
}

/** Compacts Storage first when `bytes` would not fit: while the old .bootcde is intact, never during the copy. */
export async function makeRoom(session: LineSession, port: string, bytes: number, progress: (line: string) => void): Promise<void> {
  const needed = bytes + FILE_OVERHEAD_BYTES;
  const free = Number(await askRepl(session, port, "", `require("Storage").getFree()`));
  if (free >= needed) return;
  progress(`Storage has ${free} bytes free, ${needed} needed: compacting (the old boot code stays in place)`);
  const after = Number(await askRepl(session, port, `require("Storage").compact();`, `require("Storage").getFree()`, COPY_WAIT_MS));
  if (!(after >= needed)) throw new AgentError("refused", `${port}: Storage is full (${after} bytes free, ${needed} needed); the old firmware is untouched`);
}

/**
 * A dead-man switch for the flash itself: if this flash is abandoned (killed, unplugged, timed out),
 * the board restarts into whatever .bootcde holds after `ms`. load() clears it on the normal path.
 */
export async function armRestartGuard(session: LineSession, port: string, ms: number): Promise<void> {
  await askRepl(session, port, `setTimeout(function(){load();},${Math.round(ms)});`, `"armed"`);
}

/** Erases a stale staging file from an earlier, interrupted flash. */
export async function eraseStaged(session: LineSession, port: string): Promise<void> {
  await askRepl(session, port, `require("Storage").erase(${storageName(STAGED_FILE)});`, `"erased"`);
}

/** Copies the verified staging file to .bootcde and checks the copy; throws if it does not match. */
export async function promoteStaged(session: LineSession, port: string, want: Digest): Promise<void> {
  const copy =
    `(function(s,n){for(var o=0;o<n;o+=${COPY_SLICE_BYTES})` +
    `s.write(${storageName(BOOT_FILE)},""+s.read(${storageName(STAGED_FILE)},o,Math.min(${COPY_SLICE_BYTES},n-o)),o,n);})(require("Storage"),${want.length});`;
  for (let attempt = 1; ; attempt++) {
    await askRepl(session, port, copy, `"copied"`, COPY_WAIT_MS);
    const got = await boardDigest(session, port, BOOT_FILE);
    if (got !== null && got.length === want.length && got.crc === want.crc) return;
    if (attempt === 2) {
      throw new AgentError(
        "protocol",
        `${port}: ${BOOT_FILE} reads back as ${got === null ? "missing" : `${got.length} bytes, CRC ${got.crc}`}, not ${want.length} bytes, CRC ${want.crc}; the verified copy is still in ${STAGED_FILE}: run flash again`,
      );
    }
  }
}

/**
 * Erases the staging file and `alsoErase` (a factory reset's state files), then restarts into .bootcde.
 * The restart is a timer, so that the board answers first: the answer proves it got the line.
 */
export async function finishAndLoad(session: LineSession, port: string, alsoErase: string[]): Promise<void> {
  const erase = [STAGED_FILE, ...alsoErase].map((name) => `require("Storage").erase(${storageName(name)});`).join("");
  await askRepl(session, port, `${erase}setTimeout(function(){load();},${LOAD_DELAY_MS});`, `"restarting"`);
}
