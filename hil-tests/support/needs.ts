// A test that needs a capability the target lacks is skipped (mocha shows it as pending), never passed.
import type { Rig, TargetCaps } from "../rig/types.ts";

export function needs(ctx: Mocha.Context, rig: Pick<Rig, "caps" | "target">, cap: keyof TargetCaps): void {
  if (rig.caps[cap]) return;
  if (ctx.test) ctx.test.title += ` [skipped: target "${rig.target}" lacks ${cap}]`;
  ctx.skip();
}
