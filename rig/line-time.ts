// How long a line takes on the wire: a deadline the board counts from the newline's arrival starts
// this much after the host began writing.

/** Transmission time of a line at the board's baud rate (10 bits per byte with the newline), ms. */
export function lineMs(line: string, baud: number): number {
  return ((line.length + 1) * 10 * 1000) / baud;
}
