// Backward through a layer to the one below it, one thread per (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n = t / params.inDim;
  let j = t % params.inDim;
  let dzRow = n * params.outDim;
  var sum = 0.0;
  for (var i = 0u; i < params.outDim; i++) {
    sum += dz[dzRow + i] * W[i * params.inDim + j];
  }
  daPrev[t] = sum;
  dzPrev[t] = sum * localPrev[t];
}
