// Linear forward: Z = A·Wᵀ + b for a batch, one row per example.
// z[n][i] = b[i] + Σ_j W[i][j] · aPrev[n][j]   (the lesson's z = W·a + b, once per example)
//
// Register tiling: each thread owns TE examples × TU units of z. Per input column j it loads TE
// activations and TU weights once and uses each of them TU (resp. TE) times, so loads per
// multiply-add fall from 2 to (TE + TU) / (TE·TU). Each z is still summed in the same order
// (b first, then j = 0, 1, …), so the result is the one-thread-per-element kernel's, bit for bit.
// Rows and units past the edges are clamped for the loads (valid reads) and never written.
//
// Generated for the layer (src/gpu/per-op/per-op-codegen.ts): IN_DIM, OUT_DIM, UNIT_TILES, TE, TU
// and `forward_tile`, the tile's loop written out with named accumulators (registers).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = thread_index(gid);
  if (t >= params.count) { return; }
  let n0 = (t / UNIT_TILES) * TE;
  let i0 = (t % UNIT_TILES) * TU;
  forward_tile(n0, i0, params.rows - 1u);
}
