// serialport's own list(), used only to add what our sysfs walk missed. On Linux it runs
// `udevadm info -e`; where udevadm is absent the spawn fails with ENOENT *asynchronously*, and an
// unhandled rejection would crash the process, so the promise is awaited inside try/catch here.
import type { PortInfo } from "@serialport/bindings-cpp";
import { loadBinding } from "../serial/binding.ts";

export type LibraryLister = () => Promise<PortInfo[]>;

export const serialportList: LibraryLister = async () => (await loadBinding()).list();

/** The library's list, or undefined when it failed (no udevadm, no binding). Never rejects. */
export async function tryLibraryList(lister: LibraryLister): Promise<PortInfo[] | undefined> {
  try {
    return await lister();
  } catch {
    return undefined;
  }
}
