/**
 * Distance in float32 units in the last place (ULP): how many float32 values lie between a and b,
 * after rounding both to float32. Source: the IEEE 754 binary32 bit layout — for finite floats,
 * reinterpreting the bits as sign-magnitude integers orders them, so the difference of those
 * integers counts the representable steps (Bruce Dawson, "Comparing Floating Point Numbers", 2012).
 * +0 and −0 are 0 apart; NaN is Infinity away from everything.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 bit pattern of x as an ordered integer: −0 and +0 both 0, negatives below. */
function orderedBits(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  return bits >= 0x80000000 ? -(bits - 0x80000000) : bits;
}

/** ULP distance between a and b in float32 (both rounded to float32 first); Infinity if either is NaN. */
export function ulpDistanceF32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  return Math.abs(orderedBits(a) - orderedBits(b));
}
