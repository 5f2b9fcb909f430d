// Backward through a layer to the one below it, one thread per (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n = t / params.inDim;
  let j = t % params.inDim;
  let dzRow = n * params.outDim;
  var sum = 0.0;
  for (var i = 0u; i < params.outDim; i++) {
    // BUG 2: W read with its strides swapped instead of transposed.
    sum += dz[dzRow + i] * W[select(i * params.inDim + j, j * params.outDim + i, BUG == 2u)];
  }
  daPrev[t] = sum;
  // BUG 1: the activation's local derivative forgotten.
  dzPrev[t] = sum * select(localPrev[t], 1.0, BUG == 1u);
}
