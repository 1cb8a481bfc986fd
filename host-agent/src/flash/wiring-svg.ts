// The wiring drawings in docs/wiring-<board>.svg, drawn from the board files, so that a pin changed
// in boards/*.ts cannot leave a stale picture behind (host-agent/test/flash-wiring.test.ts compares
// them; BANKEN_WRITE_DOCS=1 rewrites them). What a board file does not say (the name of its 5 V pin,
// the USB bridge, the silkscreen) is in BOARD_EXTRAS below.
import { CHIPS } from "../../../boards/chips.ts";
import type { BoardFile, OutputPin } from "../../../boards/types.ts";

interface BoardExtras {
  /** The pin that carries USB's 5 V, to feed the relay modules' VCC. */
  fiveVoltPin: string;
  usb: string;
  /** Silkscreen labels that differ from Espruino's pin names (NodeMCU: D1 = GPIO5). */
  silkscreen?: Record<string, string>;
  /** The LED is on the board itself: nothing to wire. */
  ledOnBoard?: string;
}

const BOARD_EXTRAS: Record<string, BoardExtras> = {
  esp32: { fiveVoltPin: "5V", usb: "USB (CP210x bridge, UART0) to the PC" },
  esp8266: { fiveVoltPin: "VIN (5 V)", usb: "USB (CH340 bridge, UART0) to the PC", silkscreen: { D5: "D1", D4: "D2", D14: "D5", D12: "D6", D0: "D3" } },
  pico: { fiveVoltPin: "VBAT (USB 5 V)", usb: "the Pico's own USB to the PC", ledOnBoard: "LED1 on the board" },
};

const esc = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** "GPIO25 (D25)", "GPIO5 (D5, silkscreen D1)", "B6". */
export function pinLabel(board: BoardFile, pin: string): string {
  if (board.chip === "stm32f401") return pin;
  const silk = BOARD_EXTRAS[board.id]?.silkscreen?.[pin];
  return `GPIO${pin.slice(1)} (${pin}${silk === undefined ? "" : `, silkscreen ${silk}`})`;
}

/** Where the relay input's pull-up goes: 3.3 V, or the module's 5 V on a 5 V tolerant chip. */
function pullRail(board: BoardFile): string {
  return CHIPS[board.chip].fiveVoltTolerant ? "+5V" : "+3V3";
}

function ohms(out: OutputPin): string {
  const value = out.pullOhms ?? 10000;
  return value >= 1000 ? `${value / 1000} kΩ` : `${value} Ω`;
}

const text = (x: number, y: number, body: string, attrs = ""): string => `<text x="${x}" y="${y}"${attrs === "" ? "" : ` ${attrs}`}>${esc(body)}</text>`;
const line = (x1: number, y1: number, x2: number, y2: number, color = "#000"): string => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="2"/>`;
const dot = (x: number, y: number, color = "#000"): string => `<circle cx="${x}" cy="${y}" r="3.5" fill="${color}"/>`;

/** A ground symbol hanging from (x, y). */
function ground(x: number, y: number): string {
  return [line(x, y, x, y + 8), line(x - 9, y + 8, x + 9, y + 8), line(x - 6, y + 12, x + 6, y + 12), line(x - 3, y + 16, x + 3, y + 16)].join("");
}

/** A pull-up resistor from the line at (x, y) down to a rail tag (drawn below so it crosses no wire). */
function pullUp(x: number, y: number, value: string, rail: string): string {
  return [dot(x, y), line(x, y, x, y + 8), `<rect x="${x - 6}" y="${y + 8}" width="12" height="26" fill="#fff" stroke="#a00" stroke-width="2"/>`, line(x, y + 34, x, y + 42), text(x + 10, y + 26, `${value} pull-up`, 'fill="#a00" font-size="11"'), text(x - 14, y + 56, rail, 'fill="#a00" font-size="12" font-weight="bold"')].join("");
}

/** A relay module with VCC, GND, IN on the left and COM, NO on the right. */
function relayModule(y: number, title: string): string {
  return [
    `<rect x="430" y="${y}" width="190" height="92" rx="6" fill="#f4f4e6" stroke="#665"/>`,
    text(525, y + 16, title, 'text-anchor="middle" font-weight="bold" font-size="12"'),
    text(438, y + 24 + 6, "VCC", 'font-size="12"'),
    text(438, y + 49 + 6, "GND", 'font-size="12"'),
    text(438, y + 74 + 6, "IN (active LOW)", 'font-size="12"'),
    text(612, y + 34 + 6, "COM", 'font-size="12" text-anchor="end"'),
    text(612, y + 64 + 6, "NO", 'font-size="12" text-anchor="end"'),
  ].join("");
}

/** Two header pins with the case's button across them and the relay contact coming in. */
function headerPair(y: number, name: string, button: string): string {
  const top = y;
  const bottom = y + 30;
  return [
    text(680, top - 12, name, 'font-weight="bold" font-size="12"'),
    dot(690, top, "#15c"),
    dot(690, bottom, "#15c"),
    line(690, top, 760, top, "#15c"),
    line(690, bottom, 760, bottom, "#15c"),
    line(760, top, 760, top + 9, "#15c"),
    line(760, bottom, 760, bottom - 9, "#15c"),
    line(770, top + 6, 770, bottom - 6, "#333"),
    line(770, top + 15, 782, top + 15, "#333"),
    text(790, top + 19, button, 'font-size="11" fill="#555"'),
  ].join("");
}

export function wiringSvg(board: BoardFile): string {
  const extras = BOARD_EXTRAS[board.id];
  if (extras === undefined) throw new Error(`no wiring extras for board ${board.id}`);
  const rail = pullRail(board);
  const out: string[] = [];
  const width = 940;
  const height = 540;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="13">`);
  out.push(`<title>banken wiring: ${esc(board.name)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(text(20, 28, `banken wiring: ${board.name} (boards/${board.id}.ts)`, 'font-size="18" font-weight="bold"'));
  out.push(text(20, 48, "relay contacts (NO) in parallel with the case buttons: the PC's own buttons keep working", 'fill="#555"'));

  // The board, its pins on the right edge (x = 250).
  out.push(`<rect x="20" y="70" width="230" height="380" rx="8" fill="#eef4ff" stroke="#335"/>`);
  out.push(text(135, 92, board.name, 'text-anchor="middle" font-weight="bold"'));
  // Pin names inside the box, what each wire does on the wire (long ESP8266 names need the room).
  const pins: [number, string, string][] = [
    [115, extras.fiveVoltPin, "5 V"],
    [140, "GND", ""],
    [165, pinLabel(board, board.relay.pin), "reset relay"],
    [340, pinLabel(board, board.led.pin), "LED"],
  ];
  if (board.power !== undefined) pins.push([270, pinLabel(board, board.power.pin), "power relay"]);
  if (board.forceReset !== undefined) pins.push([395, pinLabel(board, board.forceReset.pin), "force-reset"]);
  for (const [y, label, role] of pins) {
    out.push(text(245, y + 4, label, 'text-anchor="end"'));
    if (role !== "") out.push(text(256, y - 5, role, `font-size="11" fill="${role === "5 V" ? "#c00" : "#333"}"`));
  }
  out.push(text(30, 435, extras.usb, 'fill="#555" font-size="11"'));

  // Supply of the relay modules: 5 V and GND straight to module 1, branches down to module 2.
  out.push(line(250, 115, 430, 115, "#c00"), line(250, 140, 430, 140));
  // Reset relay input, with its pull-up.
  out.push(line(250, 165, 430, 165));
  out.push(pullUp(300, 165, ohms(board.relay), rail));
  out.push(relayModule(90, "relay module 1: RESET"));
  out.push(line(620, 125, 690, 125, "#15c"), line(620, 155, 690, 155, "#15c"));
  out.push(headerPair(125, "RESET_SW", "case RESET button"));
  if (board.power !== undefined) {
    out.push(dot(385, 115, "#c00"), line(385, 115, 385, 220, "#c00"), line(385, 220, 430, 220, "#c00"));
    out.push(dot(400, 140), line(400, 140, 400, 245), line(400, 245, 430, 245));
    out.push(line(250, 270, 430, 270));
    out.push(pullUp(300, 270, ohms(board.power), rail));
    out.push(relayModule(195, "relay module 2: POWER"));
    out.push(line(620, 230, 690, 230, "#15c"), line(620, 260, 690, 260, "#15c"));
    out.push(headerPair(230, "PWR_SW", "case POWER button"));
  }
  out.push(`<rect x="660" y="70" width="265" height="${board.power === undefined ? 130 : 235}" rx="6" fill="none" stroke="#4a4"/>`);
  out.push(text(792, 88, "motherboard front-panel header", 'text-anchor="middle" font-size="11" fill="#262"'));

  // LED: external with its resistor, or the one on the board.
  if (extras.ledOnBoard === undefined) {
    out.push(line(250, 340, 330, 340), `<polygon points="330,331 330,349 346,340" fill="#f66" stroke="#a00"/>`, line(346, 331, 346, 349, "#a00"));
    out.push(line(346, 340, 360, 340), `<rect x="360" y="334" width="30" height="12" fill="#fff" stroke="#000" stroke-width="2"/>`, line(390, 340, 410, 340), ground(410, 340));
    out.push(text(330, 374, "LED, 330 Ω, to GND", 'font-size="11"'));
  } else {
    out.push(text(262, 344, `(${extras.ledOnBoard}: nothing to wire)`, 'font-size="11" fill="#555"'));
  }
  // Force-reset input: an optional contact to GND (internal pull-up).
  if (board.forceReset !== undefined) {
    out.push(line(250, 395, 330, 395), dot(330, 395), line(336, 388, 358, 395), dot(360, 395), line(360, 395, 380, 395), ground(380, 395));
    out.push(text(330, 430, "optional contact to GND: reset now", 'font-size="11"'));
  }

  const notes = [
    `Relay inputs idle HIGH: the ${ohms(board.relay)} pull-ups to ${rail === "+5V" ? "the module's 5 V (every Pico pin is 5 V tolerant)" : "3.3 V (the chip is not 5 V tolerant)"} hold the relays off while the chip boots.`,
    "Contacts carry only the header's few mA at 3.3–5 V; never mains. Relay 2 (power) is optional: without it, no power-cycle.",
    "Power-cycle needs the board powered while the PC is off: +5 V standby or an external USB supply, not a plain USB port.",
  ];
  notes.forEach((note, i) => out.push(text(20, 480 + i * 20, note, 'font-size="12"')));
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
