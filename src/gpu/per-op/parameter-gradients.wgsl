// Parameter gradients, pass 1 of a deterministic two-pass reduction (WGSL has no float atomics).
//   dW[i][j] = Σ_n dL/dz[n][i] · a_prev[n][j],   db[i] = Σ_n dL/dz[n][i]
// The batch is cut into blocks of `blockRows` examples; one thread sums one parameter over one
// block, in example order, and writes it to its own slot of `partials`. Each partial row is laid
// out [W row 0 | b0 | W row 1 | b1 | …] (P = outDim × (inDim + 1)): the bias is the weight of a
// constant input 1. Block numbers are global (`blockOffset` = first block of this chunk), so a
// batch cut into chunks writes the same partials as the batch in one piece; sum-rows.wgsl then
// reduces the partials in a fixed order. Same inputs → same additions in the same order → the
// same bits, on every run.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let cols = params.inDim + 1u;
  let P = params.outDim * cols;
  let block = t / P;
  let p = t % P;
  let i = p / cols;
  let j = p % cols;
  let first = block * params.blockRows;
  let last = min(first + params.blockRows, params.rows);
  // Every block holds at least one example. Starting the sum from the first term is the same as
  // starting from −0 (−0 + t = t exactly, for every t), as the float64 reference does, so a dead
  // unit's gradient keeps its sign and prints as the lesson prints it ("-0.000000"); a literal
  // −0.0 start does not survive compilation on SwiftShader.
  var sum: f32;
  if (j == params.inDim) {
    sum = dz[first * params.outDim + i];
    for (var n = first + 1u; n < last; n++) { sum += dz[n * params.outDim + i]; }
    // BUG 6: the bias gradient not summed over the batch: example 0's dL/dz only.
    if (BUG == 6u) { sum = select(0.0, dz[first * params.outDim + i], params.blockOffset + block == 0u); }
  } else {
    sum = dz[first * params.outDim + i] * aPrev[first * params.inDim + j];
    for (var n = first + 1u; n < last; n++) { sum += dz[n * params.outDim + i] * aPrev[n * params.inDim + j]; }
  }
  partials[(params.blockOffset + block) * P + p] = sum;
}
