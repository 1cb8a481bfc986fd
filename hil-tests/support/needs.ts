// A test that needs a capability the target lacks is skipped (mocha shows it as pending), never passed.
import type { Rig, TargetCaps } from "../../rig/types.ts";

export function needs(ctx: Mocha.Context, rig: Pick<Rig, "caps" | "target">, cap: keyof TargetCaps): void {
  if (rig.caps[cap]) return;
  if (ctx.test) ctx.test.title += ` [skipped: target "${rig.target}" lacks ${cap}]`;
  ctx.skip();
}

/** A test that needs a handle only the simulation has (e.g. its flash's compaction counter) is skipped elsewhere, saying which. */
export function simOnly(ctx: Mocha.Context, rig: Pick<Rig, "target">, what: string): void {
  if (rig.target === "sim") return;
  if (ctx.test) ctx.test.title += ` [skipped: target "${rig.target}" has no ${what}]`;
  ctx.skip();
}
