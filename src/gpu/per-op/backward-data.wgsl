// Backward through a layer to the one below it, for (example n, input unit j):
//   dL/da_prev[n][j] = Σ_i dL/dz[n][i] · W[i][j]              (the same W, read transposed)
//   dL/dz_prev[n][j] = dL/da_prev[n][j] · f'(z_prev[n][j])     (the local derivative activation.wgsl kept)
// Multiplying by relu's 0 (rather than selecting 0) keeps the reference's sign of zero.
//
// Register tiling: each thread owns TE examples × TJ input units; per output unit i it loads TE
// upstream gradients and TJ weights once. Each sum still runs over i = 0, 1, … from 0.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, COL_TILES, TE, TJ
// and `backward_tile`, the tile's loop written out with named accumulators.

// BUG (src/break/bugs.ts): 0 runs the lesson's rule; the page's and CLI's "break it" set it to run one classic bug.
override BUG: u32 = 0u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / COL_TILES) * TE;
  let j0 = (t % COL_TILES) * TJ;
  backward_tile(n0, j0, params.rows - 1u);
}
