// DTR and RTS: opening or closing the port must never restart the board.
//
// Why this matters, per USB bridge:
// - ESP32 DevKitC (CP210x or CH340) and ESP8266 NodeMCU (CH340 or CP210x) wire DTR and RTS to the
//   chip's EN (reset) and GPIO0 (boot mode) through two cross-coupled transistors (the "auto-reset"
//   circuit esptool uses). EN is pulled low only while RTS is asserted and DTR is not; GPIO0 only while
//   DTR is asserted and RTS is not. Both lines at the SAME level, asserted or not, is "run".
//   The danger is the two lines changing one after the other.
// - Linux raises DTR and RTS together when a tty is opened (tty_port_raise_dtr_rts). The cp210x
//   (SET_MHS with a mask), ch341 (one modem-control request) and ftdi_sio (SET_MODEM_CTRL with a mask)
//   drivers send both lines in ONE USB request, so opening goes "both low" → "both high": no reset.
//   (Checked for ftdi_sio: update_mctrl() builds one FTDI_SIO_SET_MODEM_CTRL value from the DTR and
//   RTS bits, each with its mask bit in the high byte, and sends one control URB; ftdi_dtr_rts() and
//   TIOCMSET both go through it. Separate URBs per line were replaced in 2005 after 680 ms gaps.)
//   With HUPCL set (the default), closing drops both again, also together; the known glitch is the
//   CH340's short RTS pulse on the first open after plug-in (a chip quirk no software avoids).
//   We still clear HUPCL (`hupcl: false`) so that closing leaves the lines alone: one fewer transition
//   per cron run, and no dependence on how a driver orders a hang-up.
// - FTDI bridges on plain serial adapters wired only to TX/RX/GND: the lines go nowhere; harmless.
// - Espruino Pico (native USB, CDC ACM): DTR/RTS are just a SET_CONTROL_LINE_STATE request with no
//   wire behind it; the board does not reset on them. CDC devices commonly read DTR as "a terminal is
//   present", so DTR should be asserted while we talk.
//
// Hence the safe level is "both asserted", set in one TIOCMSET ioctl (serialport's set() sends both
// bits in one call): it equals what the kernel already did on open, so on a well-behaved port it is
// no change at all, and it repairs a port some other program left with unequal lines.
// A pseudo-terminal has no modem lines: set() fails with ENOTTY there, which we ignore.

export const SAFE_MODEM_LINES = { dtr: true, rts: true } as const;

/** True when an error from set() only says the port has no modem lines (a pty, some USB gadgets). */
export function isNoModemLines(error: unknown): boolean {
  return error instanceof Error && /Inappropriate ioctl|ENOTTY/i.test(error.message);
}
