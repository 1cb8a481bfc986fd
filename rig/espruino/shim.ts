// The .boot0 shim that makes the real Espruino interpreter (Linux build) usable as a device under
// test. Pins do nothing on Linux, so the shim replaces every pin writer by assignment to `global`
// (a plain `digitalWrite = …` is refused by the interpreter) and prints each edge, stamped with
// getTime(), on the interpreter's own console: stdout, through USB.write, never on Serial1, which
// is the heartbeat port. It also adds the pty's path to every Serial1.setup, and answers probes
// written to stdin once the firmware has moved the REPL off USB (a board's own console).
//
// Records, one per line, each starting with RECORD_MARK (parsed by records.ts):
//   w <pin> <0|1> <t>            a pin driven to a level (digitalWrite, Pin.write/set/reset)
//   p <pin> <0|1> <ms,…> <t>     digitalPulse: the level at <t>, toggled after each <ms>
//   m <pin> <mode> <t>           pinMode / Pin.mode
//   probe <usage> <total> <flags> reply to "?" on stdin: process.memory() after a GC, E.getErrorFlags()
//   torn <name> <t>              after "T" on stdin, the next Storage.write wrote half its data and
//                                the interpreter spins until the host kills it: a power cut mid-write
// <t> is getTime(): seconds since the epoch on this build, the same clock as the host's Date.

/** Starts every shim record, so it is found even after unterminated REPL output. */
export const RECORD_MARK = "\u0001bk ";

/** Requests written to the interpreter's stdin (its own console, never the heartbeat port). */
export const STDIN = {
  /** Reply with a probe record. */
  probe: "?",
  /** load(): restart the JS from flash, as a re-flash or the firmware itself does. */
  load: "L",
  /** Tear the next Storage.write (see "torn" above). */
  tear: "T",
} as const;

export interface ShimOptions {
  /** Board-side end of the pty that Serial1 opens. */
  serialPath: string;
  /** More .boot0 code run after the shim (e.g. a virtual wire between two interpreters). */
  extra?: string;
}

/** Serial1 opens the pty whatever options the firmware passes. */
function serialOnlyShim(serialPath: string): string {
  return `global.__bkSetup=Serial1.setup;Serial1.setup=function(b,o){o=o||{};o.path=${JSON.stringify(serialPath)};__bkSetup.call(Serial1,b,o);};`;
}

/** The .boot0 text: the edge recorder, the Serial1 path and the stdin probe. */
export function boot0Shim(options: ShimOptions): string {
  const mark = JSON.stringify(RECORD_MARK);
  return [
    // One function prints every record: fewer JsVars than one per writer.
    `global.__bk=function(s){USB.write(${mark}+s+" "+getTime()+"\\n");};`,
    serialOnlyShim(options.serialPath),
    // digitalWrite([A,B], v): the last pin takes bit 0, as on a board.
    `global.digitalWrite=function(p,v){if(Array.isArray(p)){for(var i=0;i<p.length;i++)__bk("w "+p[i]+" "+((v>>(p.length-1-i))&1));}else __bk("w "+p+" "+(v?1:0));};`,
    `global.digitalPulse=function(p,v,t){__bk("p "+p+" "+(v?1:0)+" "+(Array.isArray(t)?t.join(","):t));};`,
    `global.pinMode=function(p,m){__bk("m "+p+" "+m);};`,
    `Pin.prototype.write=function(v){__bk("w "+this+" "+(v?1:0));};`,
    `Pin.prototype.set=function(){__bk("w "+this+" 1");};`,
    `Pin.prototype.reset=function(){__bk("w "+this+" 0");};`,
    `Pin.prototype.mode=function(m){__bk("m "+this+" "+m);};`,
    // A torn write: the file gets its full size and header but only half its data (the rest stays
    // 0xFF, as erased flash), written by the real Storage code; then the host kills the process.
    `global.__bkWrite=require("Storage").write;`,
    `require("Storage").write=function(n,d,o,s){var S=require("Storage");if(o===undefined&&global.__bkTear){__bkWrite.call(S,n,d.substr(0,d.length>>1),0,d.length);__bk("torn "+n);while(1);}return o===undefined?__bkWrite.call(S,n,d):__bkWrite.call(S,n,d,o,s);};`,
    // Only reached once the REPL is off USB: until then stdin is the REPL's.
    `USB.on("data",function(d){`,
    `if(d.indexOf(${JSON.stringify(STDIN.tear)})>=0)global.__bkTear=1;`,
    `if(d.indexOf(${JSON.stringify(STDIN.probe)})>=0){var m=process.memory();__bk("probe "+m.usage+" "+m.total+" "+(E.getErrorFlags().join(",")||"-"));}`,
    `if(d.indexOf(${JSON.stringify(STDIN.load)})>=0)load();});`,
    options.extra ?? "",
  ].join("\n");
}
