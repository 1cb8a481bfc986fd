// The observer's end of the virtual wire, as `.boot0` code for the real interpreter (it runs before
// the observer bundle). Pins do nothing on Linux, so the shim stands in for the observer's inputs:
// the host writes each input change to the interpreter's stdin (the `USB` device; the bundle moves
// the console off it at start) as "<seq> <pin> <0|1> <getTime seconds>", and the shim fires the
// setWatch callbacks on that pin with the {state, time, lastTime, pin} a board gives (time = when
// the edge happened, not when it arrived). digitalRead returns the last level. Lines start with
// "\n" so a byte lost before one cannot merge two, and a sequence number drops a repeated line.
// Kept to the Espruino dialect: the interpreter runs this text as is. It follows the launcher's
// shim (rig/espruino/shim.ts), whose stdin requests are single letters: a wire line never
// contains one.
import { STDIN } from "../../rig/espruino/shim.ts";

/** `.boot0` text for the observer, with every input at `levels` until the first change. */
export function observerShim(levels: Record<string, 0 | 1>): string {
  return `var WIRE_LEVELS = ${JSON.stringify(levels)};\n${SHIM_BODY}`;
}

/** One input change as the shim reads it on stdin. */
export function wireLine(seq: number, pin: string, level: 0 | 1, atSeconds: number): string {
  const request = Object.values(STDIN).find((r) => pin.includes(r));
  if (request !== undefined) throw new Error(`observer pin "${pin}" contains "${request}", a launcher stdin request: rename it in the wire`);
  return `\n${seq} ${pin} ${level} ${atSeconds.toFixed(6)}\n`;
}

const SHIM_BODY = `(function () {
  var watches = [];
  var lastId = 0;
  var lastSeq = 0;
  var pending = "";
  function fire(pin, state, time) {
    var list = watches.slice();
    for (var i = 0; i < list.length; i++) {
      var w = list[i];
      if (w.pin !== pin) continue;
      var lastTime = w.lastTime;
      w.lastTime = time;
      if ((w.edge === "rising" && !state) || (w.edge === "falling" && state)) continue;
      if (!w.repeat) clearWatch(w.id);
      try {
        w.fn({ state: state, time: time, lastTime: lastTime, pin: pin });
      } catch (e) {
        USB.write("WIRE callback error " + e + "\\n");
      }
    }
  }
  global.pinMode = function () {};
  global.digitalRead = function (pin) {
    return WIRE_LEVELS[String(pin)] ? 1 : 0;
  };
  global.setWatch = function (fn, pin, opts) {
    var o = opts || {};
    lastId++;
    watches.push({ id: lastId, fn: fn, pin: String(pin), edge: o.edge || "both", repeat: !!o.repeat, lastTime: undefined });
    return lastId;
  };
  global.clearWatch = function (id) {
    if (id === undefined) watches = [];
    else watches = watches.filter(function (w) { return w.id !== id; });
  };
  USB.on("data", function (data) {
    pending += data;
    var nl = pending.indexOf("\\n");
    while (nl >= 0) {
      var parts = pending.substring(0, nl).split(" ");
      pending = pending.substring(nl + 1);
      var seq = parseInt(parts[0], 10);
      if (parts.length === 4 && seq > lastSeq) {
        lastSeq = seq;
        WIRE_LEVELS[parts[1]] = parts[2] === "1" ? 1 : 0;
        fire(parts[1], parts[2] === "1", parseFloat(parts[3]));
      }
      nl = pending.indexOf("\\n");
    }
  });
})();
`;
