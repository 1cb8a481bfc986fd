// One flash that shows what Espruino runs at each kind of start, for the simulator and the real
// interpreter alike: every file prints "boot: <what>" on the console, .boot1 rewrites .bootcde (so
// the line from .bootcde says whether it was read before or after .boot1 ran), .boot2 is missing,
// and the new .bootcde asks for a load() at its first run and a reset() at its second.
const say = (what: string): string => `print(${JSON.stringify(`boot: ${what}`)});`;

const NEW_BOOT_CODE =
  say("new .bootcde") +
  `var k=(require("Storage").read("k")||"0")*1;require("Storage").write("k",""+(k+1));` +
  `if(k==0)setTimeout(function(){load();},50);if(k==1)setTimeout(function(){reset();},50);`;

export const BOOT_ORDER_FILES: Record<string, string> = {
  ".bootPowerOn": say(".bootPowerOn"),
  ".boot0": say(".boot0"),
  ".boot1": say(".boot1") + `if(require("Storage").read(".bootcde")!=${JSON.stringify(NEW_BOOT_CODE)})require("Storage").write(".bootcde",${JSON.stringify(NEW_BOOT_CODE)});`,
  ".boot3": say(".boot3"),
  ".bootcde": say("old .bootcde"),
};

/** What the real interpreter (2v29) prints: power-up, then load(), then reset(). */
export const BOOT_ORDER_EXPECTED = [
  ".bootPowerOn", ".boot0", ".boot1", ".boot3", "new .bootcde", // power-up: .bootcde is read after .boot1 ran
  ".boot0", ".boot1", ".boot3", "new .bootcde", // load(): the boot files again, no .bootPowerOn
  ".boot0", ".boot1", ".boot3", // reset(): the boot files still run; .bootcde does not
];

/** The "boot: …" lines in console output (the real interpreter adds CR and erase-line escapes). */
export function bootLines(output: string): string[] {
  return [...output.matchAll(/boot: ([^\r\n]*)/g)].map((m) => m[1]);
}
