// The board-side steps of a staged flash, sent to the Espruino REPL. The new firmware goes to a
// staging file first; the board's own E.CRC32 and length must match the bundle before the staged copy
// becomes .bootcde, so a cut or rejected upload leaves the old .bootcde untouched. The copy itself
// erases the old .bootcde first (Storage.write at offset 0, Espruino's jsfWriteFile), so a repair
// file written before it redoes a cut copy at the next start (repair-file.ts).
import { AgentError } from "../errors.ts";
import type { Digest } from "./digest.ts";
import type { LineSession } from "./line-session.ts";
import { BOOT_FILE, finishEraseStatement, REPAIR_FILE, repairCode, settleAndEraseExpression, STAGED_FILE, writeRepairStatement } from "./repair-file.ts";
import { askRepl } from "./repl-query.ts";

export { BOOT_FILE, REPAIR_FILE, STAGED_FILE };

/** Each Storage file costs a header and alignment; generous, so that no write needs a compaction. */
const FILE_OVERHEAD_BYTES = 256;
/** Copying and CRC-checking on a slow board takes more than a plain answer. */
const COPY_WAIT_MS = 15000;
/** Between the board's last answer and its restart. */
const LOAD_DELAY_MS = 50;

const storageName = (name: string): string => JSON.stringify(name);

/** The length and E.CRC32 of a Storage file as the board reads it, or null when there is none. */
export async function boardDigest(session: LineSession, port: string, name: string): Promise<Digest | null> {
  const answer = await askRepl(session, port, "", `(function(f){return f===undefined?"none":f.length+" "+E.CRC32(f);})(require("Storage").read(${storageName(name)}))`, COPY_WAIT_MS);
  if (answer === "none") return null;
  const hit = /^(\d+) (\d+)$/.exec(answer);
  if (hit === null) throw new AgentError("protocol", `${port}: unexpected answer about ${name}: ${answer}`);
  return { length: Number(hit[1]), crc: Number(hit[2]) };
}

/** What the promotion writes: the repair file, then the copy (each a Storage file with its overhead). */
export const promotionBytes = (want: Digest): number => repairCode(want).length + FILE_OVERHEAD_BYTES + want.length;

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
 * the board restarts after `ms` into .bootcde (the repair file, if written, first completes a cut
 * copy). Arming again replaces the previous guard (its id is a global of this REPL life; a fired
 * guard restarted the board, which cleared it). load() clears it on the normal path.
 */
export async function armRestartGuard(session: LineSession, port: string, ms: number): Promise<void> {
  await askRepl(session, port, `if(global.bankenFlashGuard)clearTimeout(bankenFlashGuard);global.bankenFlashGuard=setTimeout(function(){load();},${Math.round(ms)});`, `"armed"`);
}

/**
 * Settles an earlier, interrupted flash (its repair file runs first), then erases its repair and
 * staging files. Refuses a board whose .boot3 is its owner's own boot code: the flash needs the name.
 */
export async function eraseStaged(session: LineSession, port: string): Promise<void> {
  const answer = await askRepl(session, port, "", settleAndEraseExpression(), COPY_WAIT_MS);
  if (answer === "foreign") {
    throw new AgentError(
      "refused",
      `${port}: the board has a ${REPAIR_FILE} that banken did not write (boot code of its own); banken flash needs that name for the repair file that protects the copy to ${BOOT_FILE}: move that code elsewhere or erase it (require("Storage").erase("${REPAIR_FILE}")), then flash again`,
    );
  }
  if (answer !== "erased") throw new AgentError("protocol", `${port}: unexpected answer while settling an earlier flash: ${answer}`);
}

/**
 * Writes the repair file, then runs its code once: that is the copy to .bootcde. Checks the copy;
 * throws if it does not match (the repair file then stays: the next start redoes the copy).
 */
export async function promoteStaged(session: LineSession, port: string, want: Digest): Promise<void> {
  await askRepl(session, port, writeRepairStatement(want), `"repair file written"`);
  for (let attempt = 1; ; attempt++) {
    await askRepl(session, port, repairCode(want), `"copied"`, COPY_WAIT_MS);
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
 * Erases the repair file, then the staging file and `alsoErase` (a factory reset's state files), then
 * restarts into .bootcde. The restart is a timer, so that the board answers first: the answer proves
 * it got the line. (.bootcde was verified: a cut anywhere in here boots the new firmware.)
 */
export async function finishAndLoad(session: LineSession, port: string, alsoErase: string[]): Promise<void> {
  await askRepl(session, port, `${finishEraseStatement(alsoErase)}setTimeout(function(){load();},${LOAD_DELAY_MS});`, `"restarting"`);
}
