// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
// One thread per output element (n, i); widths need not divide the workgroup size because
// threads past `count` return.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n = t / params.outDim;
  let i = t % params.outDim;
  let aRow = n * params.inDim;
  let wRow = i * params.inDim;
  var sum = b[i];
  for (var j = 0u; j < params.inDim; j++) {
    sum += W[wRow + j] * aPrev[aRow + j];
  }
  z[t] = sum;
}
