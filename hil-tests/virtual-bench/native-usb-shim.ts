// A DUT whose heartbeat port is its own USB (the Espruino Pico, board file `serial: "USB"`). On the
// Linux interpreter `USB` is the process's stdin/stdout, which carries the launcher's records, so
// this .boot0 code (after the launcher's shim) keeps the records on the real USB and hands the
// firmware Serial1, on a pty, wherever it names `USB`. The virtual bench removes that pty while the
// DUT is unpowered, as a Pico's USB port vanishes from the host with its supply.
import { RECORD_MARK } from "../../rig/espruino/shim.ts";

export function nativeUsbShim(baud: number): string {
  return [
    // The launcher's record printer (rig/espruino/shim.ts, __bk), bound to the real USB.
    `global.__bkUSB=USB;`,
    `global.__bk=function(s){__bkUSB.write(${JSON.stringify(RECORD_MARK)}+s+" "+getTime()+"\\n");};`,
    `global.USB=Serial1;`,
    // A USB board's firmware never sets Serial1 up; the launcher's wrapper adds the pty's path.
    `Serial1.setup(${baud},{});`,
  ].join("\n");
}
