/**
 * The hidden activation's local gradient da/dz = relu'(z): 1 where z > 0, else 0 (relu'(0) = 0,
 * the lesson's convention and float64Pass's). A PassRecord keeps z, not the mask, so the JSON
 * report and `compare` read the local gradient off z here, in one place.
 * TODO(op table, issue 9): take this from the hidden activation's derivative in src/ops/.
 */
export function reluLocalGradient(z: Float64Array): Float64Array {
  return z.map((v) => (v > 0 ? 1 : 0));
}
