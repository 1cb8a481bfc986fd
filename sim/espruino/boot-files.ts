// Which Storage files Espruino runs at a start, in its order (src/jsinteractive.c jsiSemiInit and
// jsiSoftInit, src/jsflash.c jsfLoadBootCodeFromFlash, 2v29): the saved state (.varimg) unless it is a
// reset(); .bootPowerOn only when the chip starts; .boot0 … .boot3 every time, reset() included; then
// .bootrst if it exists, else .bootcde (never after reset()). Each file is read just before it runs,
// so a boot file that rewrites .bootcde changes what runs next.
export type StartCause = "chip" | "load" | "reset";

export function bootSequence(cause: StartCause): string[] {
  const files: string[] = [];
  if (cause !== "reset") files.push(".varimg");
  if (cause === "chip") files.push(".bootPowerOn");
  files.push(".boot0", ".boot1", ".boot2", ".boot3");
  return files;
}

/** The boot code proper, chosen once the boot files have run. */
export function bootCodeFile(cause: StartCause, exists: (name: string) => boolean): string | null {
  if (exists(".bootrst")) return ".bootrst";
  return cause === "reset" ? null : ".bootcde";
}
