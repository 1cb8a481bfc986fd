// Seconds (float) → integer microseconds as plain digits. Espruino prints large numbers with an
// exponent, so the value is printed as whole seconds and a zero-padded 6-digit fraction.

export function microsText(seconds: number): string {
  const totalUs = Math.round(seconds * 1000000);
  if (totalUs < 1000000) return String(totalUs < 0 ? 0 : totalUs);
  const wholeSeconds = Math.floor(totalUs / 1000000);
  const restUs = totalUs - wholeSeconds * 1000000;
  return String(wholeSeconds) + ("00000" + restUs).slice(-6);
}
