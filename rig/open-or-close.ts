// A rig that fails half-way through opening still holds ports and processes: close them before the error goes up.

/** Opens `rig`; when that fails, closes whatever it had opened and rethrows. */
export async function openOrClose<R extends { open(): Promise<void>; close(): Promise<void> }>(rig: R): Promise<R> {
  try {
    await rig.open();
  } catch (err) {
    await rig.close();
    throw err;
  }
  return rig;
}
