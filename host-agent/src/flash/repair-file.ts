// The boot-time repair file that closes the copy window of a staged flash. Copying the verified
// staging file to .bootcde erases the old .bootcde first (Storage.write at offset 0 of an existing
// file), so a power cut during the copy would leave no firmware. Before the copy, the flash writes
// this small file as `.boot3`: Espruino runs .boot0 … .boot3 at every start and reads .bootcde only
// after them (src/jsflash.c, jsfLoadBootCodeFromFlash), so a half-copied .bootcde is redone from the
// staging file before it is read, and the new firmware boots; no load() and no restart is needed.
// The same code is the copy itself (run once over the REPL), so the path a power cut takes at boot
// is the path every flash takes. The flash erases it with the staging file once .bootcde checks out:
// it costs nothing at rest.
import type { Digest } from "./digest.ts";

/** The last of Espruino's four boot files: .boot0 … .boot2 stay free (the HIL shim is .boot0). */
export const REPAIR_FILE = ".boot3";
/** Where the upload lands before it is verified (a Storage name: at most 28 characters). */
export const STAGED_FILE = "bankenfw.new";
export const BOOT_FILE = ".bootcde";
/**
 * The copy goes in slices, each made a RAM string first (`""+`): on a board Storage.read returns a
 * string that points into flash, and the ESP8266's flash write must not read its source from flash.
 */
const COPY_SLICE_BYTES = 512;

const q = (name: string): string => JSON.stringify(name);

/** How every repair file starts: how a flash tells its own .boot3 from one that is not banken's. */
const REPAIR_PREFIX = `(function(s,b){b=s.read(${q(BOOT_FILE)});`;

/**
 * One statement: if .bootcde is not `want` and the staging file is, copy the staging file to
 * .bootcde. Never copies an image that does not check out, never restarts, never loops: a power cut
 * in the middle of it is simply redone at the next start. (One variable, released before the copy:
 * on a Linux build Storage.read copies the file into RAM.)
 */
export function repairCode(want: Digest): string {
  const { length: n, crc: c } = want;
  return (
    `${REPAIR_PREFIX}if(b&&b.length==${n}&&E.CRC32(b)==${c})return;` +
    `b=s.read(${q(STAGED_FILE)});if(!b||b.length!=${n}||E.CRC32(b)!=${c})return;b=0;` +
    `for(var o=0;o<${n};o+=${COPY_SLICE_BYTES})s.write(${q(BOOT_FILE)},""+s.read(${q(STAGED_FILE)},o,Math.min(${COPY_SLICE_BYTES},${n}-o)),o,${n});` +
    `})(require("Storage"));`
  );
}

/** Writes the repair file (a torn write leaves a syntax error that runs nothing, and .bootcde untouched). */
export function writeRepairStatement(want: Digest): string {
  return `require("Storage").write(${q(REPAIR_FILE)},${JSON.stringify(repairCode(want))});`;
}

/**
 * An expression: settles an earlier, interrupted flash (runs its repair file, if any, so that
 * .bootcde is whole; a torn one is a syntax error and is skipped), then erases the repair file and
 * only then the staging file it copies from: "erased". A copy that fails (Storage full) throws
 * before anything is erased: the staging file may be the only whole firmware left. A .boot3 that is
 * not a repair file (someone's own boot code) is left alone, and so is everything else: "foreign".
 */
export function settleAndEraseExpression(): string {
  return (
    `(function(s,r){r=s.read(${q(REPAIR_FILE)});if(r){if(r.substr(0,${REPAIR_PREFIX.length})!=${JSON.stringify(REPAIR_PREFIX)})return "foreign";` +
    `try{eval(r);}catch(e){if(!(e instanceof SyntaxError))throw e;}}` +
    `s.erase(${q(REPAIR_FILE)});s.erase(${q(STAGED_FILE)});return "erased";})(require("Storage"))`
  );
}

/** Once .bootcde checks out: erases the repair file, then the staging file, then `alsoErase`. */
export function finishEraseStatement(alsoErase: string[] = []): string {
  return [REPAIR_FILE, STAGED_FILE, ...alsoErase].map((name) => `require("Storage").erase(${q(name)});`).join("");
}
