// Backward through a layer to the one below it, for (example n, input unit j):
//   step 4: dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]      (the same W, read transposed)
//   step 5: dL/dz_prev[n][j] = dL/da_prev[n][j] · relu'(z_prev[n][j])   (the 0/1 mask)
// Multiplying by the mask (rather than selecting 0) keeps the reference's sign of zero.
//
// Register tiling: each thread owns TE examples × TJ input units; per output unit i it loads TE
// upstream gradients and TJ weights once. Each sum runs over i = 0, 1, … from 0, as before.
//
// Generated above this file: IN_DIM, OUT_DIM, COL_TILES; body from src/gpu/per-op-codegen.ts.

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / COL_TILES) * TE;
  let j0 = (t % COL_TILES) * TJ;
  let lastRow = params.rows - 1u;
//{{BODY}}
}
