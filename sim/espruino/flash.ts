// Espruino's Storage as the flash chip sees it: an append-only journal of records. Rewriting a
// file erases the old record (its header is zeroed in place) and appends a new one, so space only
// comes back through compact(). The object lives on the board, not in the interpreter, so it
// survives power cycles and interpreter restarts. A power cut can be armed to tear the next write
// at a chosen byte: the header is on flash, the data stops there and the rest reads as 0xFF, as
// on the chip.

/** Bytes a record header takes (name, size, flags), as in Espruino's jsfStorage. */
export const HEADER_BYTES = 32;
export const MAX_NAME = 28;

interface FlashRecord {
  name: string;
  /** Reserved size in bytes. */
  size: number;
  /** Bytes written so far (0xFF beyond). */
  bytes: string[];
  erased: boolean;
}

/** Raised inside a write that a scheduled power cut interrupted; the board is dead afterwards. */
export class PowerCutDuringWrite extends Error {
  constructor(readonly fileName: string, readonly bytesWritten: number) {
    super(`power cut while writing ${fileName} after ${bytesWritten} bytes`);
  }
}

export interface TearPlan {
  /** Cut after this fraction of the data bytes (0 = header only, 1 = all data, then the cut). */
  fraction?: number;
  /** Or after this many data bytes. */
  afterBytes?: number;
  /** Only tear a write to this file (default: the next write of any file). */
  file?: string;
}

export class JournalFlash {
  private records: FlashRecord[] = [];
  private tear: TearPlan | null = null;
  /** Files a scheduled power cut loses in the middle of the next compaction (see tearNextCompaction). */
  private compactionLoss: string[] | null = null;
  /** Called when an armed tear fires: the board cuts its own power. */
  onTear: (err: PowerCutDuringWrite) => void = () => {};
  /** Counters for tests and benchmarks. */
  writes = 0;
  compactions = 0;

  constructor(readonly sizeBytes: number) {}

  /** Arm a power cut during the next matching write. */
  tearNextWrite(plan: TearPlan = {}): void {
    this.tear = plan;
  }

  /**
   * Arm a power cut in the middle of the next compaction that loses `files`. Espruino's compaction
   * (src/jsflash.c, jsfCompactInternal) copies the live files down through a one-page RAM buffer,
   * erasing each page before writing it: a power cut loses what is in the buffer, and the scan at the
   * next start stops at the erased gap, so files after it are lost too. Which files that is depends
   * on the layout; the test names them (e.g. both small banken slots in one page, not .bootcde).
   */
  tearNextCompaction(files: string[]): void {
    this.compactionLoss = files;
  }

  tearArmed(): boolean {
    return this.tear !== null;
  }

  usedBytes(): number {
    let n = 0;
    for (const r of this.records) n += HEADER_BYTES + r.size;
    return n;
  }

  getFree(): number {
    return this.sizeBytes - this.usedBytes();
  }

  private live(name: string): FlashRecord | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i];
      if (!r.erased && r.name === name) return r;
    }
    return undefined;
  }

  read(name: string): string | undefined {
    const r = this.live(name);
    if (!r) return undefined;
    let text = r.bytes.join("");
    if (text.length < r.size) text += "\xff".repeat(r.size - text.length);
    return text;
  }

  list(): string[] {
    return this.records.filter((r) => !r.erased).map((r) => r.name);
  }

  erase(name: string): void {
    const r = this.live(name);
    if (r) r.erased = true;
  }

  eraseAll(): void {
    this.records = [];
  }

  compact(): void {
    this.compactions++;
    this.records = this.records.filter((r) => !r.erased);
    const lost = this.compactionLoss;
    if (lost !== null) {
      this.compactionLoss = null;
      this.records = this.records.filter((r) => !lost.includes(r.name));
      const err = new PowerCutDuringWrite(`compaction (lost ${lost.join(", ")})`, 0);
      this.onTear(err);
      throw err;
    }
  }

  /** Take up space with a file that is then erased, so that `freeBytes` are left until a compaction. */
  wasteSpace(freeBytes: number): void {
    const bytes = this.getFree() - freeBytes - HEADER_BYTES;
    if (bytes <= 0) return;
    this.records.push({ name: "wasted", size: bytes, bytes: [], erased: true });
  }

  /**
   * Storage.write(name, data[, offset, size]). With offset/size (the espruino CLI's chunked upload)
   * the first call reserves `size` bytes and later calls fill them in place, as flash allows.
   */
  write(name: string, data: string, offset?: number, size?: number): boolean {
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME) {
      throw new Error(`Storage: name must be 1..${MAX_NAME} characters`);
    }
    const text = String(data);
    this.writes++;
    if (offset !== undefined && offset > 0) {
      const r = this.live(name);
      if (!r || offset + text.length > r.size) throw new Error("Storage: write beyond the file's reserved size");
      return this.fill(r, offset, text);
    }
    const reserve = Math.max(text.length, size ?? 0);
    if (!this.makeRoom(name, reserve)) return false;
    this.erase(name);
    const rec: FlashRecord = { name, size: reserve, bytes: [], erased: false };
    this.records.push(rec);
    return this.fill(rec, 0, text);
  }

  private makeRoom(name: string, bytes: number): boolean {
    if (this.getFree() >= HEADER_BYTES + bytes) return true;
    // Espruino compacts by itself when the journal is full; the old copy of this file is
    // erased first, so its space counts too.
    const old = this.live(name);
    if (old) old.erased = true;
    this.compact();
    if (old && this.getFree() < HEADER_BYTES + bytes) {
      old.erased = false;
      this.records.push(old);
      return false;
    }
    return this.getFree() >= HEADER_BYTES + bytes;
  }

  private fill(rec: FlashRecord, offset: number, text: string): boolean {
    let stopAt = text.length;
    let tearing = false;
    const plan = this.tear;
    if (plan && (plan.file === undefined || plan.file === rec.name)) {
      tearing = true;
      stopAt = plan.afterBytes ?? Math.floor((plan.fraction ?? 0.5) * text.length);
      stopAt = Math.max(0, Math.min(text.length, stopAt));
      this.tear = null;
    }
    while (rec.bytes.length < offset) rec.bytes.push("\xff");
    for (let i = 0; i < stopAt; i++) rec.bytes[offset + i] = text[i];
    if (tearing) {
      const err = new PowerCutDuringWrite(rec.name, stopAt);
      this.onTear(err);
      throw err;
    }
    return true;
  }
}
